package jp.sekisho.web;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jp.sekisho.shared.Refused;

/**
 * Every value a caller may send, by the name it has in the API's bodies, paths and queries and in the console's
 * forms, with its limit: what kind of text or number it is, how long or how large it may be. The limits stay inside
 * the database's columns, so a value that passes here cannot fail a write for its size. A name not in this table is
 * refused, so a new field cannot reach the core unchecked; docs/limits.md lists the table for people.
 */
public enum InputField {

    // Officials and organizations
    LOGIN("login", Kind.NAME, 64),
    PASSWORD("password", Kind.SECRET, 256),
    REPEATED("repeated", Kind.SECRET, 256),
    TOTP("totp", Kind.CODE, 10),
    DISPLAY_NAME("displayName", Kind.LINE, 256),
    ORGANIZATION("organization", Kind.NAME, 64),
    CODE("code", Kind.NAME, 64),
    CONTRACTED_BY("contractedBy", Kind.NAME, 64),
    TIME_ZONE("timeZone", Kind.NAME, 64),
    ROLES("roles", Kind.NAME, 16, 4),
    ENABLED("enabled", Kind.BOOLEAN, 0),

    // System accounts and their keys
    /** An account or channel name (the core holds it to its own pattern), or an organization's name. */
    NAME("name", Kind.LINE, 256),
    ACCOUNT("account", Kind.NAME, 64),
    /** One authorized_keys line, as a .pub file holds it: with its line break. */
    PUBLIC_KEY("publicKey", Kind.TEXT, 8192),
    FINGERPRINT("fingerprint", Kind.LINE, 128),
    ALLOWED_NETWORKS("allowedNetworks", Kind.NAME, 64, 32),
    CIDRS("cidrs", Kind.LINE, 2048),
    /** A penalised address or a locked login name, as an administrator lifts it. */
    SUBJECT("subject", Kind.NAME, 64),

    // Channels, their contracts and their changes
    CHANNEL("channel", Kind.NAME, 64),
    CHANGE("change", Kind.NAME, 20),
    SOURCE("source", Kind.NAME, 64),
    DESTINATION("destination", Kind.NAME, 64),
    RECIPIENT_CERTIFICATE_PEM("recipientCertificatePem", Kind.TEXT, 16384),
    CERTIFICATE("certificate", Kind.TEXT, 16384),
    REQUIRED_APPROVALS("requiredApprovals", 1, 10),
    APPROVER_ORGANIZATIONS("approverOrganizations", Kind.NAME, 64, 32),
    SUBMIT_WINDOW_SECONDS("submitWindowSeconds", 1, 366L * 24 * 3600),
    APPROVAL_WINDOW_SECONDS("approvalWindowSeconds", 1, 366L * 24 * 3600),
    DOWNLOAD_WINDOW_SECONDS("downloadWindowSeconds", 1, 366L * 24 * 3600),
    SUBMIT_HOURS("submitHours", 1, 366L * 24),
    APPROVAL_HOURS("approvalHours", 1, 366L * 24),
    DOWNLOAD_HOURS("downloadHours", 1, 366L * 24),
    MAX_DOWNLOADS("maxDownloads", 1, 1000),
    DATA_CONTRACT("dataContract", Kind.OBJECT, 0),
    FILE_NAME_PATTERNS("fileNamePatterns", Kind.LINE, 200, 16),
    CSV_COLUMNS("csvColumns", Kind.LINE, 100, 100),
    MAX_FILES("maxFiles", 1, 100_000),
    MAX_BYTES_PER_FILE("maxBytesPerFile", 1, 1L << 50),
    MAX_BYTES_PER_BATCH("maxBytesPerBatch", 1, 1L << 50),
    MAX_RECORDS_PER_FILE("maxRecordsPerFile", 1, 1_000_000_000_000L),
    MAX_RECORDS_PER_BATCH("maxRecordsPerBatch", 1, 1_000_000_000_000L),

    // Batches, approvals, deletion certificates
    ID("id", Kind.NAME, 36),
    PURPOSE("purpose", Kind.TEXT, 2000),
    USE_UNTIL("useUntil", Kind.DATE, 10),
    DECISION("decision", Kind.NAME, 16),
    MANIFEST_DIGEST("manifestDigest", Kind.HEX, 64),
    CERTIFICATE_DIGEST("certificateDigest", Kind.HEX, 64),
    REASON("reason", Kind.TEXT, 2000),

    // Searching the audit trail
    AFTER("after", 0, Long.MAX_VALUE),
    BEFORE("before", 0, Long.MAX_VALUE),
    FROM("from", Kind.LINE, 40),
    TO("to", Kind.LINE, 40),
    LIMIT("limit", 1, 1000),
    BATCH("batch", Kind.NAME, 36),
    ACTOR("actor", Kind.LINE, 128),
    ACTION("action", Kind.NAME, 48),
    LANG("lang", Kind.NAME, 2);

    /** What a value must look like; every text kind refuses control characters but those it names. */
    public enum Kind {
        /** A code, login or name: letters, digits and {@code . _ - : / + @}, one line. */
        NAME("letters, digits and . _ - : / + @"),
        /** One line of any printable text. */
        LINE("one line of text"),
        /** Text that may have line breaks and tabs. */
        TEXT("text"),
        /** A secret: printable, one line; never repeated back. */
        SECRET("one line of text"),
        /** The digits of an authenticator code. */
        CODE("digits"),
        /** A SHA-256 digest in hexadecimal. */
        HEX("64 hexadecimal digits"),
        /** A calendar date written yyyy-mm-dd. */
        DATE("a date written yyyy-mm-dd"),
        WHOLE_NUMBER("a whole number"),
        BOOLEAN("true or false"),
        /** A nested object whose members are fields of this table. */
        OBJECT("an object");

        final String shape;

        Kind(String shape) {
            this.shape = shape;
        }
    }

    private static final Map<String, InputField> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(field -> field.name, Function.identity()));
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[\\p{L}\\p{N}._:/+@-]*");
    private static final Pattern CODE_CHARACTERS = Pattern.compile("[0-9]*");
    private static final Pattern HEX_CHARACTERS = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DATE_CHARACTERS = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    final String name;
    final Kind kind;
    /** Longest text in characters (for a list: of each item). */
    final int maxLength;
    /** For a list, its most items; 0 when the field is a single value. */
    final int maxItems;
    final long min;
    final long max;

    InputField(String name, Kind kind, int maxLength) {
        this(name, kind, maxLength, 0, 0, 0);
    }

    InputField(String name, Kind kind, int maxLength, int maxItems) {
        this(name, kind, maxLength, maxItems, 0, 0);
    }

    InputField(String name, long min, long max) {
        this(name, Kind.WHOLE_NUMBER, 0, 0, min, max);
    }

    InputField(String name, Kind kind, int maxLength, int maxItems, long min, long max) {
        this.name = name;
        this.kind = kind;
        this.maxLength = maxLength;
        this.maxItems = maxItems;
        this.min = min;
        this.max = max;
    }

    public static Optional<InputField> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** A name the caller sent (of a field, a parameter), safe to repeat in a sentence: short, without controls. */
    public static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return cut.codePoints().map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                ? '?' : c).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    public String fieldName() {
        return name;
    }

    public boolean isList() {
        return maxItems > 0;
    }

    /** The limit in words, as the refusal and docs/limits.md state it. */
    public String limit() {
        String value = switch (kind) {
            case WHOLE_NUMBER -> "a whole number from " + min + " to " + max;
            case BOOLEAN, OBJECT -> kind.shape;
            case HEX, DATE -> kind.shape;
            default -> kind.shape + ", at most " + maxLength + " characters";
        };
        return isList() ? "a list of at most " + maxItems + " items, each " + value : value;
    }

    /** Refuses a text that is not this field's kind or is too long; the sentence names the field and its limit. */
    public String checkText(String value) {
        if (kind == Kind.WHOLE_NUMBER) {
            try {
                return String.valueOf(checkNumber(Long.parseLong(value)));
            } catch (NumberFormatException notWhole) {
                throw invalid();
            }
        }
        if (kind == Kind.BOOLEAN || kind == Kind.OBJECT) {
            throw invalid();
        }
        if (value.length() > maxLength || !allowedCharacters(value)) {
            throw invalid();
        }
        boolean shaped = switch (kind) {
            case NAME -> NAME_CHARACTERS.matcher(value).matches();
            case CODE -> CODE_CHARACTERS.matcher(value).matches();
            case HEX -> value.isEmpty() || HEX_CHARACTERS.matcher(value).matches();
            case DATE -> value.isEmpty() || DATE_CHARACTERS.matcher(value).matches() && isCalendarDate(value);
            default -> true;
        };
        if (!shaped) {
            throw invalid();
        }
        return value;
    }

    private static boolean isCalendarDate(String value) {
        try {
            java.time.LocalDate.parse(value);
            return true;
        } catch (java.time.format.DateTimeParseException notADay) {
            return false;
        }
    }

    /**
     * Refuses a value as a console form sends it, all text: a checkbox says {@code on}, {@code true} or
     * {@code false}, and a list is one line of comma-separated items.
     */
    public void checkFormValue(String value) {
        if (kind == Kind.BOOLEAN) {
            if (!value.equals("on") && !value.equals("true") && !value.equals("false")) {
                throw invalid();
            }
            return;
        }
        if (isList()) {
            String[] items = value.split(",", -1);
            if (items.length > maxItems) {
                throw invalid();
            }
            for (String item : items) {
                checkText(item.strip());
            }
            return;
        }
        checkText(value);
    }

    public long checkNumber(long value) {
        if (kind != Kind.WHOLE_NUMBER || value < min || value > max) {
            throw invalid();
        }
        return value;
    }

    public Refused invalid() {
        return new Refused(Refused.Kind.INVALID, "invalid-field", "The field '" + name + "' must be " + limit());
    }

    /**
     * No control characters but line breaks and tabs in free text, no bidirectional overrides or other invisible
     * format characters (they make a name read differently from what it is), no lone surrogates (no database
     * stores them).
     */
    private boolean allowedCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
                continue;
            }
            if (Character.isLowSurrogate(c) || Character.getType(c) == Character.FORMAT) {
                return false;
            }
            if (Character.isISOControl(c) && !(kind == Kind.TEXT && (c == '\n' || c == '\r' || c == '\t'))) {
                return false;
            }
        }
        return true;
    }
}
