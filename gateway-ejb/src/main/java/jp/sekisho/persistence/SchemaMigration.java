package jp.sekisho.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.SchemaOwner;

/** Brings the schema to the current version before anything else touches the database. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DataSourceDefinition(
        name = SchemaMigration.DATA_SOURCE,
        className = "jp.sekisho.persistence.GatewayDataSource",
        minPoolSize = 1,
        maxPoolSize = 32,
        transactional = true,
        // A connection is checked before it is lent (isValid), and one that fails empties the pool: after an outage
        // no request is given a connection the database has already closed.
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
            "fish.payara.fail-all-connections=true"
        })
public class SchemaMigration {

    public static final String DATA_SOURCE = "java:app/jdbc/sekisho";
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        String vendor = vendor();
        Optional<SchemaOwner> owner = SchemaOwner.current();
        if (owner.isPresent()) {
            migrateAsOwner(vendor, owner.get());
            return;
        }
        MigrateResult result = configuration(vendor).dataSource(dataSource).load().migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now)");
        if (vendor.equals("postgresql")) {
            LOG.warning("The gateway's database role owns the schema, so it could switch off the audit trail's "
                    + "triggers: in production set SEKISHO_DB_OWNER_USER to the schema's owner and SEKISHO_DB_USER "
                    + "to a role of its own (README, \"Production database roles\")");
        }
    }

    /**
     * Migrates as the schema's owner, then grants the gateway's own role what db/roles/application-role.sql lists,
     * after every migration, so that a table a later migration adds is granted too.
     */
    private void migrateAsOwner(String vendor, SchemaOwner owner) {
        if (!vendor.equals("postgresql")) {
            throw new IllegalStateException("sekisho.db.owner-user applies to PostgreSQL; the embedded H2 has one "
                    + "user");
        }
        GatewaySettings settings = GatewaySettings.current();
        String role = SchemaOwner.requirePlainRole("sekisho.db.user", settings.databaseUser().orElse(null));
        if (role.equals(owner.user())) {
            throw new IllegalStateException("sekisho.db.user must be a role of its own, not the schema's owner "
                    + "(sekisho.db.owner-user)");
        }
        Flyway flyway = configuration(vendor).dataSource(settings.effectiveDatabaseUrl(), owner.user(),
                owner.password().orElse(null)).load();
        MigrateResult result = flyway.migrate();
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(applicationRoleGrants(role));
        } catch (SQLException e) {
            throw new IllegalStateException("The schema's owner " + owner.user() + " could not grant " + role
                    + " its rights: " + e.getMessage(), e);
        }
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now, as " + owner.user() + "); the gateway works as " + role
                + " with the rights of db/roles/application-role.sql");
    }

    /** The grants of the gateway's everyday role, for {@code role} (a plain role name). */
    public static String applicationRoleGrants(String role) {
        try (InputStream in = SchemaMigration.class.getResourceAsStream("/db/roles/application-role.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${appRole}",
                    SchemaOwner.requirePlainRole("role", role));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The gateway's migrations for {@code vendor} ({@code postgresql} or {@code h2}): the portable ones, plus the few
     * that only one database can express (triggers). Also what tests and benchmarks migrate their databases with.
     */
    public static FluentConfiguration configuration(String vendor) {
        return Flyway.configure(SchemaMigration.class.getClassLoader())
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor);
    }

    /** {@code postgresql} or {@code h2}: the folder of the migrations only that database understands. */
    private String vendor() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (product.equalsIgnoreCase("PostgreSQL")) {
                return "postgresql";
            }
            if (product.equalsIgnoreCase("H2")) {
                return "h2";
            }
            throw new IllegalStateException("Sekisho runs on PostgreSQL or H2, not on " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("The database could not be reached to migrate its schema", e);
        }
    }
}
