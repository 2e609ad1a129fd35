package jp.sekisho.transfer.entity;

import java.time.Instant;
import java.util.Base64;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The destination's signed receipt, as it put it into the batch folder, once the gateway verified it. */
@Embeddable
public class RecipientReceipt {

    static final RecipientReceipt NONE = new RecipientReceipt();

    @Column(name = "receipt_signature")
    private String receiptSignature;

    @Column(name = "receipt_recorded_at")
    private Instant receiptRecordedAt;

    protected RecipientReceipt() {
    }

    RecipientReceipt(byte[] signed, Instant recordedAt) {
        this.receiptSignature = Base64.getEncoder().encodeToString(signed);
        this.receiptRecordedAt = recordedAt;
    }

    public boolean recorded() {
        return receiptSignature != null;
    }

    /** The CMS SignedData exactly as the destination uploaded it; null until recorded. */
    public byte[] signed() {
        return receiptSignature == null ? null : Base64.getDecoder().decode(receiptSignature);
    }

    public Instant recordedAt() {
        return receiptRecordedAt;
    }
}
