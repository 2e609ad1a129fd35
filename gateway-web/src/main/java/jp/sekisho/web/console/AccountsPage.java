package jp.sekisho.web.console;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.identity.boundary.SystemAccountView;
import jp.sekisho.identity.boundary.SystemAccounts;

/**
 * System accounts and their SSH keys: administrators register a key from its {@code .pub} line and revoke keys
 * (the key's open SFTP sessions close at once); auditors look.
 */
@Named
@ViewScoped
public class AccountsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    SystemAccounts accounts;

    @Inject
    Console console;

    @EJB
    Officials officials;

    private String newAccount;
    private String organization;
    private String account;
    private String publicKey;
    private String networks;
    /** Asked for several times while the page renders; read once per request. */
    private transient List<SystemAccountView> accountList;

    public List<SystemAccountView> getAccounts() {
        if (accountList == null) {
            accountList = accounts.all(console.caller());
        }
        return accountList;
    }

    public String describe(SystemAccountView.KeyView key) {
        return key.type() + (key.comment().isEmpty() ? "" : " (" + key.comment() + ")");
    }

    public String networks(SystemAccountView account) {
        return account.allowedNetworks().isEmpty() ? console.text("accounts.anyNetwork")
                : String.join(", ", account.allowedNetworks());
    }

    /** Comma- or space-separated networks; empty lets the account log in from anywhere again. */
    public String limitToNetworks() {
        List<String> cidrs = networks == null ? List.of() : Arrays.stream(networks.split("[,\\s]+"))
                .filter(cidr -> !cidr.isBlank()).toList();
        return act(() -> accounts.limitToNetworks(console.caller(), account, cidrs),
                "accounts.networksChanged");
    }

    public List<OrganizationView> getOrganizations() {
        return officials.organizations(console.caller());
    }

    public String create() {
        return act(() -> accounts.create(console.caller(), newAccount, organization), "accounts.created");
    }

    public String register() {
        return act(() -> accounts.registerKey(console.caller(), account, publicKey),
                "accounts.registered");
    }

    public String revoke(SystemAccountView owner, SystemAccountView.KeyView key) {
        return act(() -> accounts.revokeKey(console.caller(), owner.name(), key.fingerprint()), "accounts.revoked");
    }

    private String act(Runnable action, String doneKey) {
        return console.act(action, doneKey, "/console/accounts.xhtml?faces-redirect=true");
    }

    public String getNewAccount() {
        return newAccount;
    }

    public void setNewAccount(String newAccount) {
        this.newAccount = newAccount;
    }

    public String getOrganization() {
        return organization;
    }

    public void setOrganization(String organization) {
        this.organization = organization;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public String getNetworks() {
        return networks;
    }

    public void setNetworks(String networks) {
        this.networks = networks;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }
}
