package jp.sekisho.web.console;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.transfer.entity.Refused;

/** What every console page needs: the signed-in official, the language, times in the official's zone. */
@Named
@RequestScoped
public class Console {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @EJB
    Identities identities;

    private Caller caller;

    public Locale getLocale() {
        HttpServletRequest request = request();
        Locale chosen = request.getSession(false) == null ? null
                : (Locale) request.getSession(false).getAttribute(ConsoleFilter.LOCALE_ATTRIBUTE);
        if (chosen != null) {
            return chosen;
        }
        if (request.getHeader("Accept-Language") == null) {
            return Locale.JAPANESE;
        }
        for (Locale preferred : java.util.Collections.list(request.getLocales())) {
            if (preferred.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (preferred.getLanguage().equals("ja")) {
                return Locale.JAPANESE;
            }
        }
        return Locale.JAPANESE;
    }

    public SignedIn getSignedIn() {
        return SignedIn.of(request()).orElse(null);
    }

    public boolean holds(String role) {
        SignedIn signedIn = getSignedIn();
        return signedIn != null && signedIn.holds(Role.valueOf(role));
    }

    /**
     * The core's caller for this request, resolved once per request (pages ask for it while rendering), or a
     * refusal that sends the official back to the login.
     */
    public Caller caller() {
        if (caller == null) {
            SignedIn signedIn = getSignedIn();
            caller = identities.callerForToken(signedIn == null ? null : signedIn.token(), request().getRemoteAddr())
                    .orElseThrow(() -> new Refused(Refused.Kind.UNAUTHENTICATED, "session-ended",
                            "Your session ended; log in again"));
        }
        return caller;
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(ZONE));
    }

    public String getZone() {
        return ZONE.getId();
    }

    public String text(String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle("jp.sekisho.web.console.messages", getLocale());
        return MessageFormat.format(bundle.getString(key), arguments);
    }

    /** Shows a refusal in the official's language when it is known, else the core's own sentence. */
    public void show(Refused refused) {
        String message;
        try {
            message = text("refused." + refused.reason());
        } catch (MissingResourceException unknown) {
            message = refused.getMessage();
        }
        FacesContext.getCurrentInstance().addMessage(null,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
    }

    public void info(String key) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text(key), null));
    }

    static HttpServletRequest request() {
        return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }
}
