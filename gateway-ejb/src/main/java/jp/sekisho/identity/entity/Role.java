package jp.sekisho.identity.entity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import jp.sekisho.shared.Refused;

/** What an official may do in the console and the API. */
public enum Role {
    REQUESTER,
    APPROVER,
    AUDITOR,
    ADMIN;

    /** Roles named by an administrator; an unknown name is refused with the list of those that exist. */
    public static Set<Role> parseAll(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                throw new Refused(Refused.Kind.INVALID, "no-such-role", "No role " + name + "; roles are "
                        + EnumSet.allOf(Role.class));
            }
        }
        return roles;
    }
}
