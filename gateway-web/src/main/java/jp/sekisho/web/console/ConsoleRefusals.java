package jp.sekisho.web.console;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import jakarta.faces.application.ViewExpiredException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jp.sekisho.shared.Refused;
import jp.sekisho.web.InputField;

/**
 * A user's mistakes in the console are answered as such, never with the generic error page of a failure: a page
 * they may not open (403, naming the roles that open it), a page that is not there (404), a post too large (413) or
 * with a field outside its limit (400, naming the field), a form whose view expired (400, saying so). Each answer is
 * a page in the official's language, with the security headers every console response has (set before this runs).
 */
final class ConsoleRefusals {

    /** The largest form the console takes; its largest field (a certificate) is 16 KiB. */
    static final int MAX_POST_BYTES = 256 * 1024;
    /** A parameter the table does not name (a button, a form's own marker, the view's id) is short and plain. */
    private static final int MAX_OTHER_PARAMETER = 1024;

    private ConsoleRefusals() {
    }

    /**
     * Refuses what must not reach a page: a page the official's roles do not open, a view file that is no page,
     * and a post that is too large or has a field outside its limit. True when it answered.
     */
    static boolean refusedBeforeThePage(HttpServletRequest request, HttpServletResponse response, String file,
            SignedIn signedIn) throws IOException {
        ConsolePage page = ConsolePage.of(file).orElse(null);
        if (page == null) {
            answer(request, response, HttpServletResponse.SC_NOT_FOUND, "error.notFound");
            return true;
        }
        if (signedIn != null && !page.mayBeOpenedBy(signedIn.roles())) {
            answer(request, response, HttpServletResponse.SC_FORBIDDEN, "error.forbidden",
                    page.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            String field = name.substring(name.lastIndexOf(':') + 1);
            for (String value : parameter.getValue()) {
                if (!acceptable(field, value)) {
                    answer(request, response, HttpServletResponse.SC_BAD_REQUEST, "error.invalidInput", field);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refuses a post larger than any form before anything reads a parameter of it: the container would buffer and
     * parse the whole body first. True when it answered.
     */
    static boolean refusedAsTooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        long length = request.getContentLengthLong();
        if (length >= 0 && length <= MAX_POST_BYTES) {
            return false;
        }
        answer(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "error.tooLarge",
                MAX_POST_BYTES / 1024);
        return true;
    }

    /**
     * Answers a mistake that a page found while it was being built or sent: true when it answered, false when the
     * failure is the gateway's own (the container's error page follows, with an incident in the log).
     */
    static boolean answeredMistake(HttpServletRequest request, HttpServletResponse response, Throwable failure)
            throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ViewExpiredException) {
                answer(request, response, HttpServletResponse.SC_BAD_REQUEST, "error.expired");
                return true;
            }
            if (cause instanceof Refused refused) {
                switch (refused.kind()) {
                    case FORBIDDEN -> answer(request, response, HttpServletResponse.SC_FORBIDDEN, "error.generic");
                    case NOT_FOUND -> answer(request, response, HttpServletResponse.SC_NOT_FOUND, "error.notFound");
                    default -> answer(request, response, HttpServletResponse.SC_BAD_REQUEST, "error.generic");
                }
                return true;
            }
        }
        return false;
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

    private static void answer(HttpServletRequest request, HttpServletResponse response, int status, String key,
            Object... arguments) throws IOException {
        Locale locale = request.getSession(false) != null
                && request.getSession(false).getAttribute(ConsoleFilter.LOCALE_ATTRIBUTE) instanceof Locale chosen
                ? chosen : Locale.JAPANESE;
        ResourceBundle messages = ResourceBundle.getBundle("jp.sekisho.web.console.messages", locale);
        String title = messages.getString("error.title");
        String message = new MessageFormat(messages.getString(key), locale).format(arguments);
        // Headers set before (the security headers) stay; only what the page had written is dropped.
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"" + locale.getLanguage() + "\"><head>"
                + "<meta charset=\"UTF-8\"/><title>" + escaped(title) + " — 関所 Sekisho</title><link rel=\"stylesheet\" "
                + "href=\"" + request.getContextPath() + "/jakarta.faces.resource/console/console.css.xhtml\"/></head>"
                + "<body><header><a class=\"brand\" href=\"" + request.getContextPath() + "/console/index.xhtml\">"
                + "関所 Sekisho</a></header><main><h1>" + escaped(title) + "</h1><p id=\"error\" data-status=\""
                + status + "\">" + escaped(message) + "</p><p><a href=\"" + request.getContextPath()
                + "/console/index.xhtml\">" + escaped(messages.getString("nav.dashboard")) + "</a></p></main>"
                + "</body></html>\n");
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
