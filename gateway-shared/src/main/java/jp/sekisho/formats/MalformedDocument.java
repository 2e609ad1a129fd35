package jp.sekisho.formats;

import java.time.format.DateTimeParseException;

import jakarta.json.JsonException;

import jp.sekisho.shared.InvalidValue;

/**
 * Why a document is not the one it claims to be, in words for whoever sent it: which kind of flaw, never the JSON
 * parser's own message (that stays in the cause, for the log).
 */
final class MalformedDocument {

    private MalformedDocument() {
    }

    static InvalidValue notA(String document, RuntimeException flaw) {
        return new InvalidValue("it is not " + document + " (" + describe(flaw) + ")", flaw);
    }

    private static String describe(RuntimeException flaw) {
        if (flaw instanceof JsonException) {
            return "not one valid JSON object";
        }
        if (flaw instanceof NullPointerException) {
            return "a required field is missing";
        }
        if (flaw instanceof ClassCastException) {
            return "a field has the wrong type";
        }
        if (flaw instanceof ArithmeticException) {
            return "a number is not a whole number in range";
        }
        if (flaw instanceof DateTimeParseException) {
            return "a time is not in ISO-8601 form";
        }
        return "malformed";
    }
}
