package jp.sekisho.persistence;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a query that lost its connection three times, five seconds apart: during a database outage
 * every request waited about 10 s before failing. One immediate retry keeps what the retry is for (a pooled
 * connection the database closed is replaced at once) and leaves outages to {@link DatabaseWatch}.
 */
public class FailFastOnOutage implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(1);
            login.setDelayBetweenConnectionAttempts(0);
        }
    }
}
