package jp.sekisho.formats;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import jp.sekisho.shared.CanonicalJson;

/**
 * The audit trail as it leaves the gateway: JSON Lines, UTF-8, one object a line, in sequence order. An event line
 * holds the fields of the canonical event {@link ChainHasher} hashes, as they stand there, between its type and the
 * stated links:
 * <pre>
 * {"type":"event","v":1,"seq":7,"at":"2026-06-21T09:30:00.123456Z","actor":"callcenter","action":"SSH_LOGIN",
 *  "outcome":"SUCCESS","subject":null,"batch":null,"client":"192.0.2.10","detail":"…","prevHash":"…64 hex…","hash":"…"}
 * </pre>
 * A reader also takes a null field left out, and the fields in any order.
 * A checkpoint line follows the event it signs (or stands first, before a range that starts right after it):
 * <pre>
 * {"type":"checkpoint","seq":7,"head":"…64 hex…","signedAt":"2026-06-21T09:30:00.5Z","signature":"…base64 DER…"}
 * </pre>
 * {@code v} is the version of the hashed event form ({@code "v":1} inside the canonical event); an absent {@code v}
 * means 1. Reading is strict: an unknown or repeated field, an unknown line type or a second value on a line is a
 * {@link MalformedExport}, because a verifier cannot vouch for what the hash does not cover.
 */
public final class AuditExport {

    /** A line longer than this is refused rather than read into memory: real events are at most a few KiB. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private AuditExport() {
    }

    /** One line of an export. */
    public sealed interface Line permits ExportedEvent, Checkpoint {
    }

    /** An event line: the hashed content and the two hashes the export states. */
    public record ExportedEvent(ChainHasher.Content content, String prevHash, String hash) implements Line {

        public long seq() {
            return content.seq();
        }
    }

    /** A line that is not in this format; the message names the line and what is wrong with it. */
    public static final class MalformedExport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final long lineNumber;

        MalformedExport(long lineNumber, String problem) {
            super("line " + lineNumber + ": " + problem);
            this.lineNumber = lineNumber;
        }

        public long lineNumber() {
            return lineNumber;
        }
    }

    /** One checkpoint line saved on its own, as a checkpoint is kept outside the gateway. */
    public static Checkpoint readCheckpoint(String line) {
        try (Reader reader = new Reader(new ByteArrayInputStream(line.strip().getBytes(StandardCharsets.UTF_8)))) {
            Line read = reader.next();
            if (!(read instanceof Checkpoint checkpoint) || reader.next() != null) {
                throw new MalformedExport(1, "expected exactly one checkpoint line");
            }
            return checkpoint;
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory does not fail", e);
        }
    }

    /** The one line that states {@code checkpoint}, without its line end. */
    public static String lineOf(Checkpoint checkpoint) {
        byte[] signature = checkpoint.signature();
        if (signature == null) {
            throw new IllegalArgumentException("only a signed checkpoint is exported");
        }
        StringBuilder line = new StringBuilder(1024).append("{\"type\":\"checkpoint\",\"seq\":").append(
                checkpoint.seq());
        appendField(line, "head", checkpoint.head());
        appendField(line, "signedAt", checkpoint.signedAt().toString());
        appendField(line, "signature", Base64.getEncoder().encodeToString(signature));
        return line.append('}').toString();
    }

    /**
     * The one line that states {@code event}, without its line end: the canonical event's own fields (so the hashed
     * text is the line without {@code type}, {@code prevHash} and {@code hash}), between the type and the two hashes.
     */
    public static String lineOf(ExportedEvent event) {
        String canonical = ChainHasher.canonicalEvent(event.content());
        StringBuilder line = new StringBuilder(canonical.length() + 180).append("{\"type\":\"event\",")
                .append(canonical, 1, canonical.length() - 1);
        appendField(line, "prevHash", event.prevHash());
        appendField(line, "hash", event.hash());
        return line.append('}').toString();
    }

    private static void appendField(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(",\"").append(name).append("\":");
            CanonicalJson.appendString(line, value);
        }
    }

    /** Writes an export line by line; the caller writes events (and checkpoints after them) in sequence order. */
    public static final class Writer implements Closeable, Flushable {

        private final java.io.Writer out;

        public Writer(OutputStream out) {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        }

        /** An event or a checkpoint, in the order given. */
        public void write(Line line) throws IOException {
            if (line instanceof ExportedEvent event) {
                write(event);
            } else {
                write((Checkpoint) line);
            }
        }

        public void write(ExportedEvent event) throws IOException {
            out.write(lineOf(event));
            out.write('\n');
        }

        public void write(Checkpoint checkpoint) throws IOException {
            out.write(lineOf(checkpoint));
            out.write('\n');
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads an export one line at a time, in constant memory whatever its length. */
    public static final class Reader implements Closeable {

        private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

        private final java.io.Reader in;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        private int limit;
        private final StringBuilder pending = new StringBuilder(1024);
        private final JsonParserFactory json = Json.createParserFactory(Map.of());
        private final LineFields fields = new LineFields();
        private long lineNumber;

        public Reader(InputStream in) {
            // A decoder that reports bad bytes: silently replacing them would hash something the gateway never wrote.
            this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
        }

        /**
         * @return the next event or checkpoint, or {@code null} after the last line
         * @throws MalformedExport if the next line is not an event or checkpoint line of this format
         */
        public Line next() throws IOException {
            String line = nextLine();
            if (line == null) {
                return null;
            }
            fields.clear();
            try (JsonParser parser = json.createParser(new StringReader(line))) {
                fields.read(parser, lineNumber);
            } catch (JsonException notJson) {
                throw new MalformedExport(lineNumber, "is not one JSON object (" + notJson.getMessage() + ")");
            }
            return switch (fields.required(LineFields.TYPE, lineNumber)) {
                case "event" -> event();
                case "checkpoint" -> checkpoint();
                default -> throw new MalformedExport(lineNumber, "has the type \"" + fields.get(LineFields.TYPE)
                        + "\", which this version does not know; only events and checkpoints can be verified");
            };
        }

        /** The number of the line {@link #next()} read last, counting from 1. */
        public long lineNumber() {
            return lineNumber;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private ExportedEvent event() {
            fields.allowOnly(LineFields.EVENT, "an event", lineNumber);
            String version = fields.get(LineFields.V);
            if (version != null && !version.equals("1")) {
                throw new MalformedExport(lineNumber, "holds an event of form v" + version + ", newer than this "
                        + "verifier (v1); update the tool");
            }
            return new ExportedEvent(new ChainHasher.Content(seq(), fields.get(LineFields.AT),
                    fields.get(LineFields.ACTOR), fields.get(LineFields.ACTION), fields.get(LineFields.OUTCOME),
                    fields.get(LineFields.SUBJECT), fields.get(LineFields.BATCH), fields.get(LineFields.CLIENT),
                    fields.get(LineFields.DETAIL)), hash(LineFields.PREV_HASH), hash(LineFields.HASH));
        }

        private Checkpoint checkpoint() {
            fields.allowOnly(LineFields.CHECKPOINT, "a checkpoint", lineNumber);
            Instant signedAt;
            try {
                signedAt = Instant.parse(fields.required(LineFields.SIGNED_AT, lineNumber));
            } catch (DateTimeParseException e) {
                throw new MalformedExport(lineNumber, "its signedAt is not a time such as 2026-06-21T09:30:00Z");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(fields.required(LineFields.SIGNATURE, lineNumber));
            } catch (IllegalArgumentException e) {
                throw new MalformedExport(lineNumber, "its signature is not base64");
            }
            return Checkpoint.signed(seq(), hash(LineFields.HEAD), signedAt, signature);
        }

        private long seq() {
            String digits = fields.required(LineFields.SEQ, lineNumber);
            boolean plainNumber = !digits.isEmpty() && digits.length() <= 18 && digits.charAt(0) != '0';
            for (int i = 0; plainNumber && i < digits.length(); i++) {
                plainNumber = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
            }
            if (!plainNumber) {
                throw new MalformedExport(lineNumber, "its seq " + digits + " is not a positive whole number");
            }
            return Long.parseLong(digits);
        }

        private String hash(int field) {
            String hash = fields.required(field, lineNumber);
            if (!HASH.matcher(hash).matches()) {
                throw new MalformedExport(lineNumber, "its " + LineFields.NAMES[field] + " is not 64 lower-case "
                        + "hex digits");
            }
            return hash;
        }

        /** The next line without its end ({@code \n} or {@code \r\n}), or null at the end of the input. */
        private String nextLine() throws IOException {
            pending.setLength(0);
            boolean any = false;
            while (true) {
                if (position == limit) {
                    try {
                        limit = in.read(buffer);
                    } catch (CharacterCodingException notUtf8) {
                        throw new MalformedExport(lineNumber + 1, "is not UTF-8 text");
                    }
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                pending.append(buffer, start, position - start);
                if (pending.length() > MAX_LINE_CHARS) {
                    throw new MalformedExport(lineNumber + 1, "is longer than " + MAX_LINE_CHARS + " characters");
                }
                if (position < limit) {
                    position++;
                    break;
                }
            }
            lineNumber++;
            int end = pending.length();
            if (end > 0 && pending.charAt(end - 1) == '\r') {
                end--;
            }
            return pending.substring(0, end);
        }
    }

    /** The fields of one line, by position; a field given twice is refused, so no two readers see different data. */
    private static final class LineFields {
        static final String[] NAMES = {"type", "v", "seq", "at", "actor", "action", "outcome", "subject", "batch",
            "client", "detail", "prevHash", "hash", "head", "signedAt", "signature"};
        static final int TYPE = 0;
        static final int V = 1;
        static final int SEQ = 2;
        static final int AT = 3;
        static final int ACTOR = 4;
        static final int ACTION = 5;
        static final int OUTCOME = 6;
        static final int SUBJECT = 7;
        static final int BATCH = 8;
        static final int CLIENT = 9;
        static final int DETAIL = 10;
        static final int PREV_HASH = 11;
        static final int HASH = 12;
        static final int HEAD = 13;
        static final int SIGNED_AT = 14;
        static final int SIGNATURE = 15;
        static final int EVENT = bits(TYPE, V, SEQ, AT, ACTOR, ACTION, OUTCOME, SUBJECT, BATCH, CLIENT, DETAIL,
                PREV_HASH, HASH);
        static final int CHECKPOINT = bits(TYPE, SEQ, HEAD, SIGNED_AT, SIGNATURE);
        private static final int NUMBERS = bits(V, SEQ);

        private final String[] values = new String[NAMES.length];
        private int present;

        void clear() {
            java.util.Arrays.fill(values, null);
            present = 0;
        }

        String get(int field) {
            return values[field];
        }

        String required(int field, long lineNumber) {
            if (values[field] == null) {
                throw new MalformedExport(lineNumber, "has no " + NAMES[field]);
            }
            return values[field];
        }

        void allowOnly(int allowed, String what, long lineNumber) {
            int others = present & ~allowed;
            if (others != 0) {
                throw new MalformedExport(lineNumber, "is " + what + " line with the field \""
                        + NAMES[Integer.numberOfTrailingZeros(others)] + "\", which the signature or hash does not "
                        + "cover");
            }
        }

        void read(JsonParser parser, long lineNumber) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedExport(lineNumber, "is not a JSON object");
            }
            for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
                int field = indexOf(parser.getString(), lineNumber);
                int bit = 1 << field;
                if ((present & bit) != 0) {
                    throw new MalformedExport(lineNumber, "names the field \"" + NAMES[field] + "\" twice");
                }
                present |= bit;
                JsonParser.Event value = parser.next();
                boolean number = (NUMBERS & bit) != 0;
                if (value == JsonParser.Event.VALUE_NULL && !number) {
                    continue;
                }
                if (value != (number ? JsonParser.Event.VALUE_NUMBER : JsonParser.Event.VALUE_STRING)) {
                    throw new MalformedExport(lineNumber, "its " + NAMES[field] + " is not a "
                            + (number ? "number" : "string"));
                }
                values[field] = parser.getString();
            }
            if (parser.hasNext()) {
                throw new MalformedExport(lineNumber, "holds more than one JSON value");
            }
        }

        private static int indexOf(String name, long lineNumber) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(name)) {
                    return i;
                }
            }
            throw new MalformedExport(lineNumber, "has the field \"" + name + "\", which this format does not know");
        }

        private static int bits(int... fields) {
            int bits = 0;
            for (int field : fields) {
                bits |= 1 << field;
            }
            return bits;
        }
    }
}
