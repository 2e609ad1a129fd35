package jp.sekisho.retention.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import jp.sekisho.formats.DeletionStatement;

/**
 * An object found in a batch's storage folder that no committed file accounted for, recorded before it was deleted:
 * the deletion certificate of the batch lists it with its SHA-256 and size.
 */
@Entity
@Table(name = "unrecorded_object")
public class UnrecordedObject {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(name = "batch_public_id", nullable = false)
    private String batchPublicId;

    @Column(name = "object_name", nullable = false)
    private String objectName;

    @Column(name = "file_name")
    private String fileName;

    @Column(nullable = false)
    private String sha256;

    @Column(name = "byte_size", nullable = false)
    private long size;

    @Column(name = "found_at", nullable = false)
    private Instant foundAt;

    @Column(nullable = false)
    private String why;

    protected UnrecordedObject() {
    }

    /** {@code fileName} is the name its upload was given, when a row of the batch still named it. */
    public UnrecordedObject(String batchPublicId, String objectName, String fileName, String sha256, long size,
            Instant foundAt, String why) {
        this.batchPublicId = batchPublicId;
        this.objectName = objectName;
        this.fileName = fileName;
        this.sha256 = sha256;
        this.size = size;
        this.foundAt = foundAt;
        this.why = why.length() > 512 ? why.substring(0, 511) + "…" : why;
    }

    public String objectName() {
        return objectName;
    }

    public DeletionStatement.UnrecordedObject asStated() {
        return new DeletionStatement.UnrecordedObject(objectName, fileName, sha256, size, foundAt);
    }
}
