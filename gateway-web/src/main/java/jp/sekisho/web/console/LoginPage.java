package jp.sekisho.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.ApiToken;
import jp.sekisho.shared.Refused;

/** Password and a TOTP code, checked by the core exactly as for the API; the answer never says which was wrong. */
@Named
@RequestScoped
public class LoginPage {

    @EJB
    Identities identities;

    @Inject
    Console console;

    private String login;
    private String password;
    private String totp;

    public String signIn() {
        char[] typed = password == null ? new char[0] : password.toCharArray();
        try {
            return signedIn(identities.login(login, typed, totp, Console.request().getRemoteAddr()));
        } catch (Refused refused) {
            if ("enrolment-required".equals(refused.reason())) {
                return enrol(typed);
            }
            console.show(refused);
            return null;
        } finally {
            password = null;
        }
    }

    /** The initial password was right and no authenticator is enrolled yet: the first login continues there. */
    private String enrol(char[] initialPassword) {
        try {
            Console.request().getSession(true).setAttribute(EnrolPage.ATTRIBUTE,
                    identities.beginEnrolment(login, initialPassword, Console.request().getRemoteAddr()));
            return "/console/enrol.xhtml?faces-redirect=true";
        } catch (Refused refused) {
            console.show(refused);
            return null;
        }
    }

    /** Starts the console session for the core's session: a new session id, only the bearer token kept. */
    static String signedIn(ApiToken token) {
        SignedIn.signIn(Console.request(), new SignedIn(token.token(), token.caller().login(),
                token.caller().roles()));
        return "/console/index.xhtml?faces-redirect=true";
    }

    public String signOut() {
        SignedIn signedIn = console.getSignedIn();
        if (signedIn != null) {
            identities.logout(signedIn.token());
        }
        SignedIn.signOut(Console.request());
        return "/console/login.xhtml?faces-redirect=true";
    }

    public String getLogin() {
        return login;
    }

    public void setLogin(String login) {
        this.login = login;
    }

    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTotp() {
        return null;
    }

    public void setTotp(String totp) {
        this.totp = totp;
    }
}
