package jp.sekisho.transfer.entity;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.shared.Refused;

/** One file of a batch: its figures are computed by the gateway while the upload streams. */
@Entity
@Table(name = "batch_file")
public class BatchFile {

    /** RECEIVING while the upload streams; SEALED once it closed cleanly. */
    public enum State {
        RECEIVING,
        SEALED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "batch_id")
    private Batch batch;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state = State.RECEIVING;

    @Column(name = "storage_key", nullable = false, unique = true)
    private String storageKey;

    @Column(name = "plaintext_size")
    private Long plaintextSize;

    @Column(name = "plaintext_sha256")
    private String plaintextSha256;

    private Long records;

    @Column(name = "ciphertext_size")
    private Long ciphertextSize;

    @Column(name = "ciphertext_sha256")
    private String ciphertextSha256;

    @Column(name = "csv_columns")
    private String csvColumns;

    @Column(name = "completed_downloads", nullable = false)
    private int completedDownloads;

    @Column(name = "received_at")
    private Instant receivedAt;

    /** The member receiving the upload, while it is RECEIVING. */
    private String receiver;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    protected BatchFile() {
    }

    BatchFile(Batch batch, FileName name, String storageKey) {
        this.batch = batch;
        this.name = name.value();
        this.storageKey = storageKey;
    }

    /** The member that receives the upload holds it until {@code until}, and renews that while bytes flow. */
    public void leaseTo(String member, Instant until) {
        receiver = member;
        leaseUntil = until;
    }

    /**
     * Whether another member than {@code member} is receiving this file under a lease that has not run out, and is
     * still running: nobody else may take it up then. A lease of {@code member} itself is not counted: that member
     * knows what it is receiving, and a lease left by its own earlier run died with that run. A member that is not
     * running any more (MemberPresence) holds nothing, whatever its lease says.
     */
    public boolean receivedElsewhereAt(Instant now, String member, Predicate<String> running) {
        return state == State.RECEIVING && leaseUntil != null && leaseUntil.isAfter(now) && !member.equals(receiver)
                && running.test(receiver);
    }

    /** Whether this file's upload has not ended yet (it streams, or its end was never recorded). */
    public boolean receiving() {
        return state == State.RECEIVING;
    }

    void seal(long size, String sha256, long recordCount, long cipherSize, String cipherSha256, List<String> columns,
            Instant now) {
        if (state != State.RECEIVING) {
            throw new Refused(Refused.Kind.CONFLICT, "file-already-sealed", "The file is already complete");
        }
        state = State.SEALED;
        receiver = null;
        leaseUntil = null;
        plaintextSize = size;
        plaintextSha256 = sha256;
        records = recordCount;
        ciphertextSize = cipherSize;
        ciphertextSha256 = cipherSha256;
        csvColumns = columns.isEmpty() ? null : CanonicalJson.write(columns);
        receivedAt = now;
    }

    void countCompletedDownload() {
        completedDownloads++;
    }

    public Long id() {
        return id;
    }

    public Batch batch() {
        return batch;
    }

    public FileName name() {
        return FileName.stored(name);
    }

    /** The name the destination sees: the sealed form of the file. */
    public String sealedName() {
        return name + ".p7m";
    }

    public State state() {
        return state;
    }

    public boolean sealed() {
        return state == State.SEALED;
    }

    public String storageKey() {
        return storageKey;
    }

    public long plaintextSize() {
        return plaintextSize == null ? 0 : plaintextSize;
    }

    public String plaintextSha256() {
        return plaintextSha256;
    }

    public long records() {
        return records == null ? 0 : records;
    }

    public long ciphertextSize() {
        return ciphertextSize == null ? 0 : ciphertextSize;
    }

    public String ciphertextSha256() {
        return ciphertextSha256;
    }

    /** The header columns of a CSV/TSV file, in order; empty for other files. */
    public List<String> csvColumns() {
        if (csvColumns == null) {
            return List.of();
        }
        return jakarta.json.Json.createReader(new java.io.StringReader(csvColumns)).readArray()
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    public int completedDownloads() {
        return completedDownloads;
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
