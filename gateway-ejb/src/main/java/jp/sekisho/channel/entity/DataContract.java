package jp.sekisho.channel.entity;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

/**
 * Minimum data: what a channel lets leave. Every limit is optional; an empty contract allows what the file-name rules
 * allow. Checked while files stream in; a violation discards the file and says which rule refused it.
 */
public record DataContract(List<String> fileNamePatterns, List<String> csvColumns, OptionalLong maxFiles,
        OptionalLong maxBytesPerFile, OptionalLong maxBytesPerBatch, OptionalLong maxRecordsPerFile,
        OptionalLong maxRecordsPerBatch) {

    public static final DataContract NONE = new DataContract(List.of(), List.of(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    private static final String[] LIMITS = {"maxFiles", "maxBytesPerFile", "maxBytesPerBatch", "maxRecordsPerFile",
        "maxRecordsPerBatch"};

    public DataContract {
        fileNamePatterns = List.copyOf(fileNamePatterns);
        csvColumns = List.copyOf(csvColumns);
        for (String pattern : fileNamePatterns) {
            if (pattern.isBlank() || pattern.contains("/")) {
                throw new InvalidValue("A file-name pattern is a glob such as *.csv, without '/'");
            }
            FileNameGlob.of(pattern);
        }
        for (OptionalLong limit : List.of(maxFiles, maxBytesPerFile, maxBytesPerBatch, maxRecordsPerFile,
                maxRecordsPerBatch)) {
            if (limit.isPresent() && limit.getAsLong() < 0) {
                throw new InvalidValue("Contract limits cannot be negative");
            }
        }
    }

    public void checkFileName(String name) {
        if (fileNamePatterns.isEmpty()) {
            return;
        }
        for (String pattern : fileNamePatterns) {
            if (FileNameGlob.of(pattern).matches(name)) {
                return;
            }
        }
        throw violation("contract-file-name", "The channel's data contract allows only files named "
                + String.join(", ", fileNamePatterns));
    }

    public void checkFileCount(long filesIncludingThisOne) {
        if (maxFiles.isPresent() && filesIncludingThisOne > maxFiles.getAsLong()) {
            throw violation("contract-max-files", "The channel's data contract allows at most "
                    + maxFiles.getAsLong() + " files per batch");
        }
    }

    public void checkFileBytes(long bytes) {
        if (maxBytesPerFile.isPresent() && bytes > maxBytesPerFile.getAsLong()) {
            throw violation("contract-max-bytes-per-file", "The channel's data contract allows at most "
                    + maxBytesPerFile.getAsLong() + " bytes per file");
        }
    }

    public void checkFileRecords(long records) {
        if (maxRecordsPerFile.isPresent() && records > maxRecordsPerFile.getAsLong()) {
            throw violation("contract-max-records-per-file", "The channel's data contract allows at most "
                    + maxRecordsPerFile.getAsLong() + " records per file (this file has " + records + ")");
        }
    }

    public void checkBatchTotals(long bytes, long records) {
        if (maxBytesPerBatch.isPresent() && bytes > maxBytesPerBatch.getAsLong()) {
            throw violation("contract-max-bytes-per-batch", "The channel's data contract allows at most "
                    + maxBytesPerBatch.getAsLong() + " bytes per batch");
        }
        if (maxRecordsPerBatch.isPresent() && records > maxRecordsPerBatch.getAsLong()) {
            throw violation("contract-max-records-per-batch", "The channel's data contract allows at most "
                    + maxRecordsPerBatch.getAsLong() + " records per batch");
        }
    }

    /** Every column of a CSV/TSV header must be one the contract names; the order is free. */
    public void checkCsvColumns(List<String> header) {
        if (csvColumns.isEmpty()) {
            return;
        }
        List<String> unexpected = new ArrayList<>();
        for (String column : header) {
            if (!csvColumns.contains(column)) {
                unexpected.add(column);
            }
        }
        if (!unexpected.isEmpty()) {
            throw violation("contract-csv-columns", "Columns not allowed by the channel's data contract: "
                    + String.join(", ", unexpected));
        }
    }

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fileNamePatterns", fileNamePatterns);
        fields.put("csvColumns", csvColumns);
        OptionalLong[] values = {maxFiles, maxBytesPerFile, maxBytesPerBatch, maxRecordsPerFile, maxRecordsPerBatch};
        for (int i = 0; i < LIMITS.length; i++) {
            fields.put(LIMITS[i], values[i].isPresent() ? (Object) values[i].getAsLong() : null);
        }
        return CanonicalJson.write(fields);
    }

    public static DataContract fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        return fromJson(Json.createReader(new StringReader(json)).readObject());
    }

    public static DataContract fromJson(JsonObject json) {
        OptionalLong[] values = new OptionalLong[LIMITS.length];
        for (int i = 0; i < LIMITS.length; i++) {
            JsonValue value = json.get(LIMITS[i]);
            values[i] = value instanceof JsonNumber number ? OptionalLong.of(number.longValueExact())
                    : OptionalLong.empty();
        }
        return new DataContract(strings(json, "fileNamePatterns"), strings(json, "csvColumns"), values[0], values[1],
                values[2], values[3], values[4]);
    }

    private static List<String> strings(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            return List.of();
        }
        return value.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static Refused violation(String reason, String message) {
        return new Refused(Refused.Kind.FORBIDDEN, reason, message);
    }
}
