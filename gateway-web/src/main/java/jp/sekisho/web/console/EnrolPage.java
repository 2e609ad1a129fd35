package jp.sekisho.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;

import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.control.Passwords;
import jp.sekisho.shared.Refused;

/**
 * The first login of an official an administrator created: the authenticator's secret as text and as a QR code of
 * its {@code otpauth://} URI, then a code from the enrolled app and a password of the official's own choosing. The
 * secret stays in this browser session only until the enrolment is complete.
 */
@Named
@RequestScoped
public class EnrolPage {

    static final String ATTRIBUTE = "sekisho.console.enrolment";

    @EJB
    Identities identities;

    @Inject
    Console console;

    private String password;
    private String repeated;
    private String totp;

    public Identities.Enrolment getEnrolment() {
        HttpSession session = Console.request().getSession(false);
        return session == null ? null : (Identities.Enrolment) session.getAttribute(ATTRIBUTE);
    }

    public String getQrCode() {
        return getEnrolment() == null ? "" : QrCode.svgDataUri(getEnrolment().otpauthUri());
    }

    /** The secret in groups of four, as authenticator apps show it, so that it can be typed without the camera. */
    public String getGroupedSecret() {
        return getEnrolment() == null ? "" : getEnrolment().totpSecret().replaceAll("(.{4})(?!$)", "$1 ");
    }

    public int getMinimumLength() {
        return Passwords.MINIMUM_LENGTH;
    }

    public String complete() {
        Identities.Enrolment enrolment = getEnrolment();
        if (enrolment == null) {
            return "/console/login.xhtml?faces-redirect=true";
        }
        try {
            if (password == null || !password.equals(repeated)) {
                throw new Refused(Refused.Kind.INVALID, "passwords-differ", "The two passwords differ");
            }
            String next = LoginPage.signedIn(identities.completeEnrolment(enrolment.login(),
                    enrolment.totpSecret(), password.toCharArray(), totp, Console.request().getRemoteAddr()));
            Console.request().getSession().removeAttribute(ATTRIBUTE);
            console.info("enrol.done");
            return next;
        } catch (Refused refused) {
            console.show(refused);
            return null;
        } finally {
            password = null;
            repeated = null;
            totp = null;
        }
    }

    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getRepeated() {
        return null;
    }

    public void setRepeated(String repeated) {
        this.repeated = repeated;
    }

    public String getTotp() {
        return null;
    }

    public void setTotp(String totp) {
        this.totp = totp;
    }
}
