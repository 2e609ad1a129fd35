package jp.sekisho.transfer.entity;

import java.time.Instant;
import java.util.Base64;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What the destination receives once enough approvers co-signed: when, the released manifest (the signed manifest
 * with its approvals) and the gateway's detached signature over it.
 */
@Embeddable
public class Release {

    static final Release NONE = new Release();

    @Column(name = "available_at")
    private Instant availableAt;

    @Column(name = "released_manifest_json")
    private String releasedManifestJson;

    @Column(name = "released_manifest_signature")
    private String releasedManifestSignature;

    protected Release() {
    }

    Release(Instant availableAt) {
        this.availableAt = availableAt;
    }

    void attach(String releasedManifest, byte[] signature) {
        if (releasedManifestJson != null) {
            throw new IllegalStateException("A manifest is released once, when the batch becomes available");
        }
        releasedManifestJson = releasedManifest;
        releasedManifestSignature = Base64.getEncoder().encodeToString(signature);
    }

    public boolean released() {
        return releasedManifestJson != null;
    }

    public Instant availableAt() {
        return availableAt;
    }

    public String manifestJson() {
        return releasedManifestJson;
    }

    public byte[] signature() {
        return releasedManifestSignature == null ? null : Base64.getDecoder().decode(releasedManifestSignature);
    }
}
