package jp.sekisho.shared;

/**
 * A value given from outside broke a rule of its type: a key line, a certificate, a network, a name, a window, a
 * document. Unlike any other {@link IllegalArgumentException}, its message is written for the person who gave the
 * value and may be shown to them: it names the rule, never a library's own message, a stack or a secret. Adapters
 * show this message and only this one; a library's message stays in the cause.
 */
public class InvalidValue extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidValue(String sentence) {
        super(sentence);
    }

    public InvalidValue(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
