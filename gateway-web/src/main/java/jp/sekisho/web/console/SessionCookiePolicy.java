package jp.sekisho.web.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's session cookie is sent only over HTTPS, never to scripts, and never with requests another site
 * starts (SameSite=Strict). Payara applies Secure and HttpOnly from the session cookie configuration but ignores
 * its SameSite attribute, so {@link #sameSiteStrict} adds it to the Set-Cookie headers a response carries.
 */
@WebListener
public class SessionCookiePolicy implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        cookie.setAttribute("SameSite", "Strict");
    }

    /** Adds SameSite=Strict to every cookie set so far in this response that has no SameSite of its own. */
    static void sameSiteStrict(HttpServletResponse response) {
        List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
        for (int index = 0; index < cookies.size(); index++) {
            String cookie = cookies.get(index);
            String strict = cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=") ? cookie
                    : cookie + "; SameSite=Strict";
            if (index == 0) {
                response.setHeader("Set-Cookie", strict);
            } else {
                response.addHeader("Set-Cookie", strict);
            }
        }
    }
}
