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

import jp.sekisho.audit.boundary.ChainWatch;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;

/** What every console page needs: the signed-in official, the language, times in the official's zone. */
@Named
@RequestScoped
public class Console {

    private static final ZoneId DEFAULT_ZONE = ZoneId.of(Official.DEFAULT_TIME_ZONE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @EJB
    Identities identities;

    @EJB
    Officials officials;

    @EJB
    ChainWatch chainWatch;

    private Caller caller;
    private ZoneId zone;

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

    /** Whether the signed-in official may open a page: the navigation shows only those ({@link ConsolePage}). */
    public boolean mayOpen(String file) {
        SignedIn signedIn = getSignedIn();
        return signedIn != null && ConsolePage.of(file).map(page -> page.mayBeOpenedBy(signedIn.roles()))
                .orElse(false);
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
        return instant == null ? "" : TIME.format(instant.atZone(zoneId()));
    }

    /** The signed-in official's own time zone; before the login, the gateway's default. */
    public ZoneId zoneId() {
        if (zone == null) {
            try {
                zone = getSignedIn() == null ? DEFAULT_ZONE : ZoneId.of(officials.me(caller()).timeZone());
            } catch (Refused sessionEnded) {
                zone = DEFAULT_ZONE;
            }
        }
        return zone;
    }

    /** What the background verification of the audit chain last found; auditors and admins see it. */
    public ChainWatch.Status getChain() {
        return chainWatch.status();
    }

    /** Every zone the JDK knows, by name, for the time-zone choices. */
    public java.util.SortedSet<String> getTimeZones() {
        return new java.util.TreeSet<>(ZoneId.getAvailableZoneIds());
    }

    public String getZone() {
        return zoneId().getId();
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

    /** A confirmation on the page the action stays on. */
    public void now(String key) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text(key), null));
    }

    /**
     * Runs an official's action through the core: on success a confirmation and the page to show next (a redirect,
     * so that a reload does not repeat the action), on a refusal its reason on the page the official is on.
     */
    public String act(Runnable action, String doneKey, String nextPage) {
        try {
            action.run();
            info(doneKey);
            return nextPage;
        } catch (Refused refused) {
            show(refused);
            return null;
        }
    }

    /** A confirmation that survives the redirect to the page shown next. */
    public void info(String key) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        now(key);
    }

    static HttpServletRequest request() {
        return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }
}
