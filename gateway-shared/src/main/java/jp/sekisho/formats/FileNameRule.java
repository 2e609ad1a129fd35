package jp.sekisho.formats;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the name of a file in a batch, as the source chooses it, the manifest lists it and the recipient's
 * tool writes it: one file, never a path; text that reads the same on every screen; a name every recipient can keep
 * on Windows, macOS and Linux. Names are kept in Unicode NFC, whatever form the client sent (macOS sends NFD).
 *
 * <p>Accepted: letters, combining marks (not first), numbers, punctuation and symbols of Unicode as Java 17 knows it
 * (Unicode 13), and the space and the ideographic space between words. Everything else is refused with a sentence
 * that names the broken rule. The gateway holds each upload to it; {@code sekisho-cli open} holds each name of a
 * manifest to it before it writes a file.
 */
public final class FileNameRule {

    public static final int MAX_CHARACTERS = 200;

    /** So that the sealed name, {@code <name>.p7m}, fits the 255 bytes that Linux and macOS allow a name. */
    public static final int MAX_UTF8_BYTES = 255 - ".p7m".length();

    private static final String WINDOWS_FORBIDDEN = ":*?\"<>|";
    /** Slashes and backslashes that a reader takes for a path: fraction, division, big and small ones. */
    private static final String SEPARATOR_LOOKALIKES = "\u2044\u2215\u29F5\u29F8\u29F9";
    private static final Pattern WINDOWS_DEVICE = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])");

    /** Each rule a name can break; the sentence says it to the person who chose the name. */
    public enum Rule {
        EMPTY("A file name must not be empty"),
        NOT_UTF8("A file name must be sent in UTF-8; U+FFFD shows it came in another encoding (Shift_JIS?)"),
        CONTROL_CHARACTER("A file name must not contain control characters"),
        INVISIBLE_CHARACTER("A file name must not contain invisible formatting characters (bidirectional controls, "
                + "zero-width characters, soft hyphens)"),
        NOT_A_CHARACTER("A file name must not contain unassigned, private-use or surrogate code points"),
        SEPARATOR("A file name names one file, not a path: it must not contain '/', '\\' or a look-alike of them"),
        WINDOWS_CHARACTER("A file name must not contain : * ? \" < > | (Windows cannot keep them)"),
        OTHER_SPACE("Only the space (U+0020) and the ideographic space (U+3000) may separate words in a file name"),
        LEADING_MARK("A file name must not start with a combining mark"),
        DOT_NAME("'.' and '..' name folders, not files"),
        HIDDEN("A file name must not start with '.' (hidden files are not accepted)"),
        LEADING_DASH("A file name must not start with '-' (a recipient's commands would take it for an option)"),
        LEADING_SPACE("A file name must not start with a space"),
        TRAILING_DOT_OR_SPACE("A file name must not end with '.' or a space (Windows drops them)"),
        WINDOWS_DEVICE("CON, PRN, AUX, NUL, COM1-COM9 and LPT1-LPT9 are Windows device names, with any extension"),
        GATEWAY_NAME("A file name must not end in .p7m or .part nor be manifest.json: the gateway uses those names"),
        TOO_LONG("A file name is at most " + MAX_CHARACTERS + " characters"),
        TOO_MANY_BYTES("A file name is at most " + MAX_UTF8_BYTES + " bytes in UTF-8 (83 Japanese characters), so "
                + "that <name>.p7m fits a recipient's file system");

        private final String sentence;

        Rule(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }

    /** A broken rule, with what broke it where that helps: the character (by its code point) or the length. */
    public record Breach(Rule rule, String sentence) {

        private static Breach of(Rule rule) {
            return new Breach(rule, rule.sentence());
        }

        private static Breach of(Rule rule, String found) {
            return new Breach(rule, rule.sentence() + "; found " + found);
        }
    }

    private FileNameRule() {
    }

    /** The form a name is kept and compared in: Unicode NFC. */
    public static String normalized(String sent) {
        return sent == null ? null : Normalizer.normalize(sent, Normalizer.Form.NFC);
    }

    /**
     * The form in which two names are the same file on a recipient's disk: NFC with each letter's case folded one to
     * one, as Windows and macOS compare names. A batch holds no two files with the same key.
     */
    public static String collisionKey(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        normalized(name).codePoints().map(Character::toUpperCase).map(Character::toLowerCase)
                .forEach(folded::appendCodePoint);
        return normalized(folded.toString());
    }

    /** The first rule the name breaks, if any. The name is taken as it is: {@link #normalized} it first. */
    public static Optional<Breach> breach(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(Breach.of(Rule.EMPTY));
        }
        Optional<Breach> character = name.codePoints().mapToObj(FileNameRule::breachOf).flatMap(Optional::stream)
                .findFirst();
        if (character.isPresent()) {
            return character;
        }
        return Optional.ofNullable(breachOfShape(name)).or(() -> Optional.ofNullable(breachOfSize(name)));
    }

    private static Optional<Breach> breachOf(int codePoint) {
        if (codePoint == 0xFFFD) {
            return Optional.of(Breach.of(Rule.NOT_UTF8));
        }
        Rule broken = switch (Character.getType(codePoint)) {
            case Character.CONTROL -> Rule.CONTROL_CHARACTER;
            case Character.FORMAT -> Rule.INVISIBLE_CHARACTER;
            case Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> Rule.NOT_A_CHARACTER;
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> Rule.OTHER_SPACE;
            case Character.SPACE_SEPARATOR -> codePoint == ' ' || codePoint == '\u3000' ? null : Rule.OTHER_SPACE;
            default -> separatorLike(codePoint) ? Rule.SEPARATOR
                    : WINDOWS_FORBIDDEN.indexOf(codePoint) >= 0 ? Rule.WINDOWS_CHARACTER : null;
        };
        return Optional.ofNullable(broken).map(rule -> Breach.of(rule, shown(rule, codePoint)));
    }

    private static Breach breachOfShape(String name) {
        Rule broken = null;
        if (isMark(name.codePointAt(0))) {
            broken = Rule.LEADING_MARK;
        } else if (name.equals(".") || name.equals("..")) {
            broken = Rule.DOT_NAME;
        } else if (name.startsWith(".")) {
            broken = Rule.HIDDEN;
        } else if (name.startsWith("-")) {
            broken = Rule.LEADING_DASH;
        } else if (isSpace(name.charAt(0))) {
            broken = Rule.LEADING_SPACE;
        } else if (name.endsWith(".") || isSpace(name.charAt(name.length() - 1))) {
            broken = Rule.TRAILING_DOT_OR_SPACE;
        } else if (isWindowsDevice(name)) {
            broken = Rule.WINDOWS_DEVICE;
        } else if (isGatewayName(name)) {
            broken = Rule.GATEWAY_NAME;
        }
        return broken == null ? null : Breach.of(broken);
    }

    private static Breach breachOfSize(String name) {
        int characters = name.codePointCount(0, name.length());
        if (characters > MAX_CHARACTERS) {
            return Breach.of(Rule.TOO_LONG, characters + " characters");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_UTF8_BYTES ? Breach.of(Rule.TOO_MANY_BYTES, bytes + " bytes") : null;
    }

    /** Windows takes the part before the first dot, without trailing spaces, for the device. */
    private static boolean isWindowsDevice(String name) {
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).stripTrailing();
        return base.length() <= 4 && WINDOWS_DEVICE.matcher(base).matches();
    }

    private static boolean isGatewayName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p7m") || lower.endsWith(".part") || lower.equals(ReleasedManifest.FILE_NAME);
    }

    /** '/' and '\' themselves, what compatibility normalisation (NFKC) turns into them, and other look-alikes. */
    private static boolean separatorLike(int codePoint) {
        String compatible = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKC);
        return compatible.contains("/") || compatible.contains("\\") || SEPARATOR_LOOKALIKES.indexOf(codePoint) >= 0;
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\u3000';
    }

    /** A visible character is shown with its code point; an invisible or control one by its code point only. */
    private static String shown(Rule rule, int codePoint) {
        String hex = Integer.toHexString(codePoint).toUpperCase(Locale.ROOT);
        String code = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
        boolean visible = rule == Rule.SEPARATOR || rule == Rule.WINDOWS_CHARACTER;
        return visible ? "'" + Character.toString(codePoint) + "' (" + code + ")" : code;
    }
}
