package jp.sekisho.identity.entity;

import java.util.Set;

/** An authenticated official making a request, and from where. */
public record Caller(long officialId, String login, Set<Role> roles, String clientAddress) {

    public Caller {
        roles = Set.copyOf(roles);
    }
}
