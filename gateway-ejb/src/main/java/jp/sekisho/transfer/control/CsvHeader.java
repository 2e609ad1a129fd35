package jp.sekisho.transfer.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jp.sekisho.shared.Refused;

/**
 * The header line of a CSV or TSV file, read from the first bytes as they stream past, so that the data contract can
 * refuse a column before the rest of the file arrives and the manifest can show which fields leave.
 */
final class CsvHeader {

    /** A header longer than this is not a header a contract can be checked against. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final char separator;
    private List<String> columns;

    CsvHeader(String fileName) {
        this.separator = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }

    boolean complete() {
        return columns != null;
    }

    void read(ByteBuffer bytes) {
        while (bytes.hasRemaining() && columns == null) {
            byte b = bytes.get();
            if (b == '\n') {
                columns = parse(line.toString(StandardCharsets.UTF_8));
            } else {
                line.write(b);
                if (line.size() > MAX_HEADER_BYTES) {
                    throw new Refused(Refused.Kind.FORBIDDEN, "header-too-long",
                            "The first line of a CSV/TSV file is its header and must be shorter than 64 KiB");
                }
            }
        }
    }

    /** The columns; for a file without a newline, its only line is the header. */
    List<String> columns() {
        return columns != null ? columns : parse(line.toString(StandardCharsets.UTF_8));
    }

    private List<String> parse(String header) {
        String text = header.startsWith("\uFEFF") ? header.substring(1) : header;
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> names = new ArrayList<>();
        if (text.isEmpty()) {
            return names;
        }
        for (String cell : text.split(String.valueOf(separator), -1)) {
            String name = cell.trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
            }
            names.add(name);
        }
        return names;
    }
}
