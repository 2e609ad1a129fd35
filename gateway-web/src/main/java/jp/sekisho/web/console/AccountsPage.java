package jp.sekisho.web.console;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.SystemAccounts;
import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.AuthorizedKey;

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

    public List<SystemAccount> getAccounts() {
        return accounts.all(console.caller());
    }

    public List<AccountKey> keys(SystemAccount account) {
        return accounts.keysOf(account);
    }

    public String describe(AccountKey key) {
        try {
            AuthorizedKey parsed = AuthorizedKey.parse(key.publicKey());
            return parsed.description() + (parsed.comment().isEmpty() ? "" : " (" + parsed.comment() + ")");
        } catch (IllegalArgumentException unreadable) {
            return "";
        }
    }

    public String networks(SystemAccount account) {
        return account.allowedNetworks().isEmpty() ? console.text("accounts.anyNetwork")
                : account.allowedNetworks().stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** Comma- or space-separated networks; empty lets the account log in from anywhere again. */
    public String limitToNetworks() {
        List<String> cidrs = networks == null ? List.of() : Arrays.stream(networks.split("[,\\s]+"))
                .filter(cidr -> !cidr.isBlank()).toList();
        return act(() -> accounts.limitToNetworks(console.caller(), new AccountName(account), cidrs),
                "accounts.networksChanged");
    }

    public List<Organization> getOrganizations() {
        return officials.organizations(console.caller());
    }

    public String create() {
        return act(() -> accounts.create(console.caller(), newAccount, organization), "accounts.created");
    }

    public String register() {
        return act(() -> accounts.registerKey(console.caller(), new AccountName(account), publicKey),
                "accounts.registered");
    }

    public String revoke(SystemAccount owner, AccountKey key) {
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
