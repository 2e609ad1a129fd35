package jp.sekisho.config;

import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The PostgreSQL role that owns the schema and runs the migrations ({@code SEKISHO_DB_OWNER_USER},
 * {@code SEKISHO_DB_OWNER_PASSWORD}), when it is not the role the gateway connects with. The owner of a table can
 * switch off its triggers, so the gateway's everyday role must not be it: with an owner configured, the gateway
 * migrates as the owner, grants its own role exactly what it needs, and works as that role.
 */
public record SchemaOwner(String user, Optional<String> password) {

    /** A role name that can stand in a GRANT as it is: lower case, no quoting needed. */
    private static final Pattern PLAIN_ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public SchemaOwner {
        requirePlainRole("sekisho.db.owner-user", user);
    }

    public static Optional<SchemaOwner> current() {
        Config config = ConfigProvider.getConfig(SchemaOwner.class.getClassLoader());
        return config.getOptionalValue("sekisho.db.owner-user", String.class).filter(user -> !user.isBlank())
                .map(user -> new SchemaOwner(user.strip(), config.getOptionalValue("sekisho.db.owner-password",
                        String.class).filter(password -> !password.isEmpty())));
    }

    /** {@code role}, if it is a plain role name; otherwise the start stops, naming the setting. */
    public static String requirePlainRole(String setting, String role) {
        if (role == null || !PLAIN_ROLE.matcher(role).matches()) {
            throw new IllegalStateException(setting + " must be a plain PostgreSQL role name (lower-case letters, "
                    + "digits and '_', at most 63), not " + (role == null ? "empty" : "'" + role + "'"));
        }
        return role;
    }

    @Override
    public String toString() {
        return "SchemaOwner[user=" + user + ", password=" + (password.isPresent() ? "set" : "none") + "]";
    }
}
