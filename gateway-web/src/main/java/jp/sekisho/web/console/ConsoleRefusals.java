package jp.sekisho.web.console;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import jakarta.faces.application.ViewExpiredException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import jp.sekisho.config.ConsoleSessionLimits;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.shared.Refused;
import jp.sekisho.web.InputField;
import jp.sekisho.web.RefusalStatus;
import jp.sekisho.web.edge.ResponsePolicy;

/**
 * A user's mistakes in the console are answered as such, never with the generic error page of a failure: a page
 * they may not open (403, naming the roles that open it), a page that is not there (404), a post too large (413) or
 * with a field outside its limit (400, naming the field), a form whose view expired (400, saying so). Each answer is
 * a page in the official's language with the security headers every response has; {@link ConsoleFilter} audits it.
 */
final class ConsoleRefusals {

    /** The largest form the console takes; its largest field (a certificate) is 16 KiB. */
    static final int MAX_POST_BYTES = 256 * 1024;
    /** A parameter the table does not name (a button, a form's own marker, the view's id) is short and plain. */
    private static final int MAX_OTHER_PARAMETER = 1024;

    private ConsoleRefusals() {
    }

    /**
     * One answer: its status, the reason code the audit trail records (unless a rule of the core {@code recorded} it
     * already), and the message (key and arguments).
     */
    record Answer(Refused.Kind kind, String reason, boolean recorded, String messageKey, Object... arguments) {

        int status() {
            return RefusalStatus.of(kind);
        }

        /** The sentence in a language: the page's in the official's, the audit trail's in English. */
        String sentence(Locale locale) {
            return new MessageFormat(messages(locale).getString(messageKey), locale).format(arguments);
        }

        /** The refusal as the audit trail records it, unless a rule of the core already recorded its own. */
        Refused asRefusal() {
            return new Refused(kind, reason, sentence(Locale.ENGLISH));
        }
    }

    /**
     * A post larger than any form, refused before anything reads a parameter of it: the container would buffer and
     * parse the whole body first.
     */
    static Optional<Answer> tooLarge(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (!"POST".equals(request.getMethod()) || length >= 0 && length <= MAX_POST_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Answer(Refused.Kind.TOO_LARGE, "request-too-large", false,
                "error.tooLarge", MAX_POST_BYTES / 1024));
    }

    /** The visitor's address already holds as many sign-in sessions as allowed; the visitor must wait. */
    static Answer tooManyVisitors(ConsoleSessionLimits limits) {
        return new Answer(Refused.Kind.THROTTLED, "too-many-sign-in-sessions", false, "error.tooManyVisitors",
                limits.lifetime().toMinutes());
    }

    /**
     * What must not reach a page: a page the official's roles do not open, a view file that is no page, a post with
     * a field outside its limit.
     */
    static Optional<Answer> beforeThePage(HttpServletRequest request, String file, SignedIn signedIn) {
        ConsolePage page = ConsolePage.of(file).orElse(null);
        if (page == null) {
            return Optional.of(new Answer(Refused.Kind.NOT_FOUND, "no-such-page", false, "error.notFound"));
        }
        if (signedIn != null && !page.mayBeOpenedBy(signedIn.roles())) {
            return Optional.of(new Answer(Refused.Kind.FORBIDDEN, "page-not-allowed", false, "error.forbidden",
                    page.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(", "))));
        }
        if (!"POST".equals(request.getMethod())) {
            return Optional.empty();
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            String field = name.substring(name.lastIndexOf(':') + 1);
            for (String value : parameter.getValue()) {
                if (!acceptable(field, value)) {
                    return Optional.of(new Answer(Refused.Kind.INVALID, "invalid-field", false,
                            "error.invalidInput", InputField.printable(field)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The database does not answer: nothing can be shown, and nothing can be audited (the database watch logs the
     * outage once, with the number of requests refused while it lasted).
     */
    static Answer databaseUnavailable() {
        DatabaseWatch.current().refused();
        return new Answer(Refused.Kind.UNAVAILABLE, "database-unavailable", true, "error.unavailable");
    }

    /**
     * A mistake a page found while it was being built: a view that is not the session's, a refusal of the core.
     * Empty when the failure is the gateway's own (the container's error page follows, with an incident in the log).
     */
    static Optional<Answer> mistakeIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ViewExpiredException) {
                return Optional.of(new Answer(Refused.Kind.INVALID, "view-expired", false, "error.expired"));
            }
            if (cause instanceof Refused refused) {
                // A page's own mistakes are the official's (400); what the gateway cannot do now is said as such.
                Refused.Kind kind = switch (refused.kind()) {
                    case FORBIDDEN, NOT_FOUND, UNAVAILABLE -> refused.kind();
                    default -> Refused.Kind.INVALID;
                };
                return Optional.of(new Answer(kind, refused.reason(), refused.isRecorded(),
                        kind == Refused.Kind.NOT_FOUND ? "error.notFound" : "error.generic"));
            }
        }
        return Optional.empty();
    }

    /** The page of an answer, in the official's language; what the page had written so far is dropped. */
    static void render(HttpServletRequest request, HttpServletResponse response, Answer answer) throws IOException {
        Locale locale = request.getSession(false) != null
                && request.getSession(false).getAttribute(ConsoleFilter.LOCALE_ATTRIBUTE) instanceof Locale chosen
                ? chosen : Locale.JAPANESE;
        ResourceBundle messages = messages(locale);
        String title = messages.getString("error.title");
        response.resetBuffer();
        // Set again, on the container's own response: a library may have reset the whole response before it threw.
        HttpServletResponse container = response;
        while (container instanceof HttpServletResponseWrapper wrapper) {
            container = (HttpServletResponse) wrapper.getResponse();
        }
        ResponsePolicy.applyHeaders(request, container);
        response.setStatus(answer.status());
        response.setContentType("text/html;charset=UTF-8");
        String home = request.getContextPath() + "/console/index.xhtml";
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"" + locale.getLanguage() + "\"><head>"
                + "<meta charset=\"UTF-8\"/><title>" + escaped(title) + " — 関所 Sekisho</title><link rel=\"stylesheet\" "
                + "href=\"" + request.getContextPath() + "/jakarta.faces.resource/console/console.css.xhtml\"/></head>"
                + "<body><header><a class=\"brand\" href=\"" + home + "\">関所 Sekisho</a></header><main><h1>"
                + escaped(title) + "</h1><p id=\"error\" data-reason=\"" + escaped(answer.reason()) + "\">"
                + escaped(answer.sentence(locale)) + "</p><p><a href=\"" + home + "\">"
                + escaped(messages.getString("nav.dashboard")) + "</a></p></main></body></html>\n");
    }

    private static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle("jp.sekisho.web.console.messages", locale);
    }

    private static boolean acceptable(String field, String value) {
        if (value.isEmpty()) {
            return true;
        }
        InputField declared = InputField.named(field).orElse(null);
        if (declared == null) {
            return value.length() <= MAX_OTHER_PARAMETER && value.chars().noneMatch(Character::isISOControl);
        }
        try {
            declared.checkFormValue(value);
            return true;
        } catch (Refused outsideItsLimit) {
            return false;
        }
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
