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

    private record Target(Driver driver, String url, Properties credentials) {
    }

    @Override
    public Connection getConnection() throws SQLException {
        Target current = target();
        Connection connection = current.driver().connect(current.url(), current.credentials());
        if (connection == null) {
            throw new SQLException("No JDBC driver accepts the configured database URL");
        }
        return connection;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    private Target target() throws SQLException {
        Target current = target;
        if (current == null) {
            GatewaySettings settings = GatewaySettings.current();
            String url = settings.effectiveDatabaseUrl();
            Properties credentials = new Properties();
            settings.databaseUser().ifPresent(user -> credentials.setProperty("user", user));
            settings.databasePassword().ifPresent(password -> credentials.setProperty("password", password));
            current = new Target(driverFor(url), url, credentials);
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
