package jp.sekisho.web.console;


import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.identity.boundary.Officials;

/** The official's own settings: the time zone every time in the console is shown in. */
@Named
@RequestScoped
public class SettingsPage {

    @EJB
    Officials officials;

    @Inject
    Console console;

    private String timeZone;

    @PostConstruct
    void load() {
        timeZone = console.getZone();
    }

    public String save() {
        return console.act(() -> officials.changeOwnTimeZone(console.caller(), timeZone), "settings.saved",
                "/console/settings.xhtml?faces-redirect=true");
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }
}
