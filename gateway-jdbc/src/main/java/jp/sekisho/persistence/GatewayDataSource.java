package jp.sekisho.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

import jp.sekisho.config.GatewaySettings;

/**
 * The JDBC source behind the container's connection pool. One class serves both databases so that a
 * single {@code @DataSourceDefinition} works for the embedded H2 default and for PostgreSQL: which one is
 * decided by {@code SEKISHO_DB_URL} at run time, not by a class name fixed at build time.
 */
public class GatewayDataSource implements DataSource {

    private volatile Target target;
    private int loginTimeout;

    /** Where the gateway's database is and how to log in; also what {@link DatabaseWatch} probes. */
    record Target(Driver driver, String url, Properties properties) {

        /**
         * Connect and login timeouts of a few seconds unless the URL states its own: a database that does not
         * answer is an outage to report at once, not a reason to keep a client waiting (PostgreSQL's driver waits
         * 10 s to connect, and forever for a server that accepts and never answers).
         */
        static Target of(GatewaySettings settings) throws SQLException {
            String url = settings.effectiveDatabaseUrl();
            Properties properties = new Properties();
            settings.databaseUser().ifPresent(user -> properties.setProperty("user", user));
            settings.databasePassword().ifPresent(password -> properties.setProperty("password", password));
            if (url.startsWith("jdbc:postgresql:")) {
                putUnlessInUrl(properties, url, "connectTimeout", "3");
                putUnlessInUrl(properties, url, "loginTimeout", "5");
            }
            return new Target(driverFor(url), url, properties);
        }

        Connection connect() throws SQLException {
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SQLException("No JDBC driver accepts the configured database URL");
            }
            return connection;
        }

        private static void putUnlessInUrl(Properties properties, String url, String name, String value) {
            if (!url.contains(name + "=")) {
                properties.setProperty(name, value);
            }
        }
    }

    /**
     * A new connection for the pool. The watch hears of every failure and success, so that the first connection the
     * pool cannot make starts an outage for every door at once, and the first it makes again ends it.
     */
    @Override
    public Connection getConnection() throws SQLException {
        try {
            Connection connection = target().connect();
            DatabaseWatch.current().connected();
            return connection;
        } catch (SQLException e) {
            DatabaseWatch.current().connectFailed(e);
            throw e;
        }
    }

    /** A connection of its own, outside any pool, to the database these settings name: for a session that must last. */
    public static Connection connectOutsideThePool(GatewaySettings settings) throws SQLException {
        return Target.of(settings).connect();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    private Target target() throws SQLException {
        Target current = target;
        if (current == null) {
            current = Target.of(GatewaySettings.current());
            target = current;
        }
        return current;
    }

    private static Driver driverFor(String url) throws SQLException {
        if (url.startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver();
        }
        if (url.startsWith("jdbc:h2:")) {
            return new org.h2.Driver();
        }
        throw new SQLException("Unsupported database URL scheme; use jdbc:postgresql: or jdbc:h2:");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // The pool's own logging is used.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
