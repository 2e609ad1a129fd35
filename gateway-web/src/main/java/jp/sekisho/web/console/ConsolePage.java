package jp.sekisho.web.console;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jp.sekisho.identity.entity.Role;

/**
 * Every page of the console and who may open it: the one home of this rule, for the filter that answers 403 before
 * a page is built and for the navigation that shows only what one may open. A view file not listed here (a fragment
 * a page includes) is not a page: it answers 404.
 */
public enum ConsolePage {
    LOGIN("login.xhtml", null),
    ENROL("enrol.xhtml", null),
    ERROR("error.xhtml", null),
    DASHBOARD("index.xhtml", EnumSet.allOf(Role.class)),
    BATCH("batch.xhtml", EnumSet.allOf(Role.class)),
    SETTINGS("settings.xhtml", EnumSet.allOf(Role.class)),
    CUSTODY("custody.xhtml", EnumSet.of(Role.APPROVER, Role.AUDITOR)),
    AUDIT("audit.xhtml", EnumSet.of(Role.AUDITOR)),
    OFFICIALS("officials.xhtml", EnumSet.of(Role.ADMIN, Role.AUDITOR)),
    ACCOUNTS("accounts.xhtml", EnumSet.of(Role.ADMIN, Role.AUDITOR)),
    CHANNELS("channels.xhtml", EnumSet.of(Role.APPROVER, Role.AUDITOR, Role.ADMIN));

    private final String file;
    /** The roles of which one suffices; {@code null}: open before signing in. */
    private final Set<Role> roles;

    ConsolePage(String file, Set<Role> roles) {
        this.file = file;
        this.roles = roles;
    }

    /** The page a path under {@code /console/} names, if it is one. */
    public static Optional<ConsolePage> of(String pathUnderConsole) {
        return Arrays.stream(values()).filter(page -> page.file.equals(pathUnderConsole)).findFirst();
    }

    public boolean open() {
        return roles == null;
    }

    /** Whether the page keeps state in a session (its forms); the error page keeps none, so it begins none. */
    public boolean keepsState() {
        return this != ERROR;
    }

    public boolean mayBeOpenedBy(Set<Role> held) {
        return roles == null || held.stream().anyMatch(roles::contains);
    }

    /** The roles that open it, as the refusal names them. */
    public Set<Role> roles() {
        return roles == null ? Set.of() : roles;
    }
}
