package jp.sekisho.transfer.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import jp.sekisho.config.StorageSettings;
import jp.sekisho.transfer.control.Download;
import jp.sekisho.transfer.control.ReadJournals;
import jp.sekisho.transfer.control.TransfersInFlight;

/**
 * Reads whose end never reached the audit trail (the database failed at the close, or the gateway stopped while the
 * handle was open) are recorded from their journals, with the byte ranges that left, as reads that did not complete:
 * the custody report shows that those bytes left, and the file does not count as downloaded.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UnrecordedReads {

    private static final Logger LOG = Logger.getLogger(UnrecordedReads.class.getName());

    @EJB
    TransferOutcomes outcomes;

    @Inject
    ReadJournals journals;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    StorageSettings settings;

    @Inject
    Clock clock;

    @Resource
    SessionContext context;

    /** At start nothing is being read: every journal left is of a read the gateway stopped in the middle of. */
    public int atStart() {
        int recorded = 0;
        for (ReadJournals.Found journal : journals.found()) {
            recorded += recordFromJournal(journal.id(), "the gateway stopped while the handle was open");
        }
        return recorded;
    }

    /**
     * Reads whose close this instance failed to record, at once; any other journal nobody has written to for
     * {@link StorageSettings#unclaimedAfter()} and that this instance is not serving (another instance sharing the
     * data directory may be).
     */
    public int inSweep() {
        Set<String> notRecorded = inFlight.reads().endsNotRecorded();
        Instant unclaimedBefore = clock.instant().minus(settings.unclaimedAfter());
        int recorded = 0;
        for (ReadJournals.Found journal : journals.found()) {
            if (notRecorded.contains(journal.id())) {
                recorded += recordFromJournal(journal.id(), "its close could not be recorded then");
            } else if (!inFlight.reads().open(journal.id()) && journal.lastWritten().isBefore(unclaimedBefore)) {
                recorded += recordFromJournal(journal.id(), "its end was never recorded");
            }
        }
        return recorded;
    }

    private int recordFromJournal(String id, String ending) {
        Optional<ReadJournals.Journaled> journaled = journals.read(id);
        if (journaled.isPresent()) {
            outcomes.record(Download.Outcome.recovered(journaled.get(), ending + "; recorded from its read journal"));
        } else {
            LOG.warning(() -> "Read journal " + id + " has no readable header (cut off while it was being opened, "
                    + "before anything was read): deleted");
        }
        journals.delete(id);
        inFlight.reads().reconciled(id);
        return journaled.isPresent() ? 1 : 0;
    }
}
