package jp.sekisho.web.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.identity.boundary.OfficialView;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;

/**
 * Administrators create organizations and officials and change an official's roles, state and time zone. A new
 * or reset official's initial password is shown on this page once, to be handed over in person.
 */
@Named
@ViewScoped
public class OfficialsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    Officials officials;

    @Inject
    Console console;

    private String organizationCode;
    private String organizationName;
    private String contractedBy;

    private String login;
    private String displayName;
    private String organization;
    private List<String> roles = new ArrayList<>();
    private String timeZone = Official.DEFAULT_TIME_ZONE;

    /** The official being edited, by login, and the form's values for them. */
    private String editing;
    private List<String> editedRoles = new ArrayList<>();
    private boolean editedEnabled;
    private String editedTimeZone;

    private Officials.InitialPassword handedOver;

    public List<OfficialView> getOfficials() {
        return officials.officials(console.caller());
    }

    public List<OrganizationView> getOrganizations() {
        return officials.organizations(console.caller());
    }

    public List<String> getRoleNames() {
        return EnumSet.allOf(Role.class).stream().map(Role::name).toList();
    }

    public String chain(OrganizationView organization) {
        List<String> chain = new ArrayList<>(List.of(organization.code()));
        chain.addAll(organization.contractedBy());
        return String.join(" → ", chain);
    }

    public String roles(OfficialView official) {
        return String.join(", ", official.roles().stream().map(Role::name).toList());
    }

    public String createOrganization() {
        return act(() -> officials.createOrganization(console.caller(), organizationCode, organizationName,
                contractedBy), "officials.organizationCreated");
    }

    public String createOfficial() {
        return act(() -> handedOver = officials.createOfficial(console.caller(), new Officials.NewOfficial(login,
                displayName, organization, Role.parseAll(roles), timeZone)), "officials.created");
    }

    public void edit(OfficialView official) {
        editing = official.login();
        editedRoles = new ArrayList<>(official.roles().stream().map(Role::name).toList());
        editedEnabled = official.enabled();
        editedTimeZone = official.timeZone();
        handedOver = null;
    }

    public String saveChanges() {
        return act(() -> {
            officials.change(console.caller(), editing, Role.parseAll(editedRoles), editedEnabled, editedTimeZone);
            editing = null;
        }, "officials.changed");
    }

    public String resetCredentials() {
        return act(() -> {
            handedOver = officials.resetCredentials(console.caller(), editing);
            editing = null;
        }, "officials.reset");
    }

    public void cancel() {
        editing = null;
    }

    /** Stays on this view on success too, so that an initial password can be shown once, in this page only. */
    private String act(Runnable action, String doneKey) {
        try {
            action.run();
            console.now(doneKey);
        } catch (Refused refused) {
            console.show(refused);
        }
        return null;
    }

    public Officials.InitialPassword getHandedOver() {
        return handedOver;
    }

    public String getEditing() {
        return editing;
    }

    public String getOrganizationCode() {
        return organizationCode;
    }

    public void setOrganizationCode(String organizationCode) {
        this.organizationCode = organizationCode;
    }

    public String getOrganizationName() {
        return organizationName;
    }

    public void setOrganizationName(String organizationName) {
        this.organizationName = organizationName;
    }

    public String getContractedBy() {
        return contractedBy;
    }

    public void setContractedBy(String contractedBy) {
        this.contractedBy = contractedBy;
    }

    public String getLogin() {
        return login;
    }

    public void setLogin(String login) {
        this.login = login;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getOrganization() {
        return organization;
    }

    public void setOrganization(String organization) {
        this.organization = organization;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public List<String> getEditedRoles() {
        return editedRoles;
    }

    public void setEditedRoles(List<String> editedRoles) {
        this.editedRoles = editedRoles;
    }

    public boolean isEditedEnabled() {
        return editedEnabled;
    }

    public void setEditedEnabled(boolean editedEnabled) {
        this.editedEnabled = editedEnabled;
    }

    public String getEditedTimeZone() {
        return editedTimeZone;
    }

    public void setEditedTimeZone(String editedTimeZone) {
        this.editedTimeZone = editedTimeZone;
    }
}
