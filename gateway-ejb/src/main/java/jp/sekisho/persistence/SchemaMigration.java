package jp.sekisho.persistence;

import java.sql.Connection;
import java.sql.SQLException;
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
        MigrateResult result = configuration(vendor()).dataSource(dataSource).load().migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now)");
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
