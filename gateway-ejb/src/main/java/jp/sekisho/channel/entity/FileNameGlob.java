package jp.sekisho.channel.entity;

import java.util.regex.Pattern;

import jp.sekisho.formats.FileNameRule;
import jp.sekisho.shared.InvalidValue;

/**
 * A data contract's file-name pattern, a glob as shells write it: {@code *} any run of characters, {@code ?} one,
 * {@code [abc]}, {@code [a-z]} or {@code [!abc]} one of a set, {@code {csv,tsv}} one of several, {@code \} takes the
 * next character as it is. It matches the name as text, in NFC like the names themselves, and never through the
 * machine's file system: under a POSIX locale Java cannot even make a path of a Japanese name.
 */
final class FileNameGlob {

    private static final String REGEX_SPECIALS = "\\.[]{}()<>*+-=!?^$|&";

    private final Pattern pattern;

    private FileNameGlob(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws InvalidValue if the glob is not well formed */
    static FileNameGlob of(String glob) {
        String text = FileNameRule.normalized(glob);
        StringBuilder regex = new StringBuilder();
        boolean inAlternatives = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (++i == text.length()) {
                        throw malformed("it ends with '\\'");
                    }
                    appendLiteral(regex, text.charAt(i));
                }
                case '[' -> i = appendSet(regex, text, i);
                case '{' -> {
                    if (inAlternatives) {
                        throw malformed("'{' cannot be nested");
                    }
                    inAlternatives = true;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (inAlternatives) {
                        regex.append(')');
                        inAlternatives = false;
                    } else {
                        appendLiteral(regex, c);
                    }
                }
                case ',' -> regex.append(inAlternatives ? "|" : ",");
                default -> appendLiteral(regex, c);
            }
        }
        if (inAlternatives) {
            throw malformed("a '{' is not closed");
        }
        return new FileNameGlob(Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String name) {
        return pattern.matcher(FileNameRule.normalized(name)).matches();
    }

    /** {@code [...]} from {@code open}: one character of a set or range, {@code !} first negates; returns its end. */
    private static int appendSet(StringBuilder regex, String text, int open) {
        int first = open + 1;
        boolean negated = first < text.length() && text.charAt(first) == '!';
        int close = text.indexOf(']', negated ? first + 2 : first + 1);
        if (close < 0) {
            throw malformed("a '[' is not closed");
        }
        regex.append(negated ? "[^" : "[");
        for (int i = negated ? first + 1 : first; i < close; i++) {
            char c = text.charAt(i);
            boolean range = c == '-' && i > (negated ? first + 1 : first) && i < close - 1;
            regex.append(range || REGEX_SPECIALS.indexOf(c) < 0 ? String.valueOf(c) : "\\" + c);
        }
        regex.append(']');
        return close;
    }

    private static void appendLiteral(StringBuilder regex, char c) {
        regex.append(REGEX_SPECIALS.indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
    }

    private static InvalidValue malformed(String why) {
        return new InvalidValue("A file-name pattern is a glob such as *.csv or 住民*.{csv,tsv}; in this one " + why);
    }
}
