package jp.sekisho.audit.entity;

/** Text made safe to store in, and to show from, one column of the audit trail. */
final class AuditText {

    private AuditText() {
    }

    /**
     * {@code text} with control, format-override and lone surrogate characters escaped as {@code \\uXXXX} (line
     * breaks and tabs as {@code \\n}, {@code \\r}, {@code \\t}), cut to at most {@code column} characters with a
     * marker saying how many were cut; {@code null} stays {@code null}.
     */
    static String fit(String text, int column) {
        if (text == null) {
            return null;
        }
        String escaped = escaped(text);
        if (escaped.length() <= column) {
            return escaped;
        }
        int kept = column - marker(escaped.length()).length();
        // Recount after cutting: the marker names the characters actually dropped, and its own length may shrink.
        while (kept > 0 && (kept + marker(escaped.length() - kept).length() > column
                || Character.isHighSurrogate(escaped.charAt(kept - 1)))) {
            kept--;
        }
        return escaped.substring(0, kept) + marker(escaped.length() - kept);
    }

    private static String marker(int cut) {
        return "…[" + cut + " more characters cut]";
    }

    private static String escaped(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(text, i);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        boolean loneSurrogate = Character.isHighSurrogate(c)
                ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
        if (Character.isISOControl(c) || loneSurrogate || isFormatOverride(c)) {
            return String.format("\\u%04X", (int) c);
        }
        return null;
    }

    /** Characters that change how the text around them is displayed: bidirectional controls, invisible marks. */
    private static boolean isFormatOverride(char c) {
        return Character.getType(c) == Character.FORMAT;
    }
}
