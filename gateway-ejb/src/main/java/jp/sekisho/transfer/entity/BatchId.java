package jp.sekisho.transfer.entity;

import java.util.UUID;

import jp.sekisho.shared.InvalidValue;

/** The public identifier of a batch, as the API and the audit trail name it. */
public record BatchId(String value) {

    public BatchId {
        try {
            value = UUID.fromString(value).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidValue("A batch id is a UUID");
        }
    }

    public static BatchId random() {
        return new BatchId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
