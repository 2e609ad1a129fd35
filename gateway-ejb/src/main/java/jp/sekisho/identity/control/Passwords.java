package jp.sekisho.identity.control;

import java.security.SecureRandom;

import jp.sekisho.shared.Refused;

/** Which passwords the gateway hands out, and which an official may choose. */
public final class Passwords {

    public static final int MINIMUM_LENGTH = 12;
    /** No 0/O, 1/l/I: an initial password is read aloud or copied by hand. */
    private static final String UNAMBIGUOUS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 20 characters from 56 symbols: about 116 bits. */
    public static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(UNAMBIGUOUS.charAt(RANDOM.nextInt(UNAMBIGUOUS.length())));
        }
        return password.toString();
    }

    /** The official's own password: long enough, and neither the current (initial) one nor the login. */
    public static void requireAcceptable(char[] chosen, String currentHash, String login) {
        if (chosen == null || chosen.length < MINIMUM_LENGTH) {
            throw new Refused(Refused.Kind.INVALID, "password-too-short",
                    "Choose a password of at least " + MINIMUM_LENGTH + " characters");
        }
        if (String.valueOf(chosen).equalsIgnoreCase(login) || PasswordHasher.matches(chosen, currentHash)) {
            throw new Refused(Refused.Kind.INVALID, "password-not-new",
                    "Choose a password other than the initial one and your login");
        }
    }
}
