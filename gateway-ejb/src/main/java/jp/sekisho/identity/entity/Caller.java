package jp.sekisho.identity.entity;

import java.util.Set;

import jp.sekisho.audit.entity.Actor;

/** An authenticated official making a request, and from where. */
public record Caller(long officialId, String login, Set<Role> roles, String clientAddress) implements Actor {

    public Caller {
        roles = Set.copyOf(roles);
    }

    @Override
    public String name() {
        return login;
    }
}
