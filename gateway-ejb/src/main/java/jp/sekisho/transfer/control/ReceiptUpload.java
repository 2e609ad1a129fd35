package jp.sekisho.transfer.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/**
 * A signed receipt the destination puts into a batch folder. A receipt is small, so it is collected in memory, in one
 * pass from its first byte, and verified by the core when the handle closes; one that breaks a rule is dropped.
 */
public final class ReceiptUpload implements FileWrite {

    /** The most a receipt may be: a signed list of the batch's files, far below this for any real batch. */
    public static final int MAX_BYTES = 256 * 1024;

    /** How the receipt's handle ended: its bytes to verify, or why nothing is kept. */
    public sealed interface Outcome permits Received, Dropped {
    }

    public record Received(AccountSession session, BatchId batch, String virtualPath, byte[] signed)
            implements Outcome {
    }

    /** Broken at a write, whose refusal the client heard then. */
    public record Dropped(AccountSession session, BatchId batch, String virtualPath, Refused refusal)
            implements Outcome {
    }

    private final AccountSession session;
    private final BatchId batch;
    private final String virtualPath;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Outcome outcome;
    private boolean connectionLost;
    private boolean handedOut;

    public ReceiptUpload(AccountSession session, BatchId batch, String virtualPath) {
        this.session = session;
        this.batch = batch;
        this.virtualPath = virtualPath;
    }

    @Override
    public String virtualPath() {
        return virtualPath;
    }

    @Override
    public long size() {
        return received.size();
    }

    @Override
    public void write(long offset, ByteBuffer source) {
        if (outcome != null || connectionLost) {
            throw new Refused(Refused.Kind.CONFLICT, "upload-ended", "The receipt's upload has already ended");
        }
        if (offset != received.size()) {
            throw drop(new Refused(Refused.Kind.FORBIDDEN, "out-of-order-write",
                    "A receipt is written sequentially from its first byte"));
        }
        if (received.size() + (long) source.remaining() > MAX_BYTES) {
            throw drop(new Refused(Refused.Kind.FORBIDDEN, "receipt-too-large",
                    "A receipt is at most " + MAX_BYTES + " bytes"));
        }
        byte[] bytes = new byte[source.remaining()];
        source.get(bytes);
        received.writeBytes(bytes);
    }

    /** A receipt cut off with its session is simply not kept: there is nothing to verify or refuse. */
    @Override
    public void connectionLost() {
        connectionLost = true;
    }

    /** The handle's end, handed out once; empty when the connection was lost before a clean close. */
    public Optional<Outcome> end() {
        if (handedOut || connectionLost && outcome == null) {
            handedOut = true;
            return Optional.empty();
        }
        handedOut = true;
        if (outcome == null) {
            outcome = new Received(session, batch, virtualPath, received.toByteArray());
        }
        return Optional.of(outcome);
    }

    private Refused drop(Refused refusal) {
        outcome = new Dropped(session, batch, virtualPath, refusal);
        return refusal;
    }
}
