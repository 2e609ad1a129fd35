package jp.sekisho.identity.boundary;

import java.util.logging.Logger;

import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import jp.sekisho.persistence.DatabaseWatch;

/** Every minute, the counted attempts of windows that ended quietly reach the audit trail. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DefenderSweep {

    private static final Logger LOG = Logger.getLogger(DefenderSweep.class.getName());

    @EJB
    Defender defender;

    @Schedule(minute = "*", hour = "*", persistent = false)
    void reportEndedWindows() {
        DatabaseWatch.current().turnOf(defender::reportEndedWindows, LOG,
                "Reporting ended windows of failed attempts failed; it runs again in a minute");
    }
}
