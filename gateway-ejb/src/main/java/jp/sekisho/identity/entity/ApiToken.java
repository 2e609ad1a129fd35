package jp.sekisho.identity.entity;

import java.time.Instant;

/** A freshly issued bearer token; shown once to the client that logged in, stored only as a hash. */
public record ApiToken(String token, Caller caller, Instant expiresAt) {

    @Override
    public String toString() {
        return "ApiToken[caller=" + caller.login() + ", expiresAt=" + expiresAt + "]";
    }
}
