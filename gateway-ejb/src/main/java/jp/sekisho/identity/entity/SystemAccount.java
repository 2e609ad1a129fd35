package jp.sekisho.identity.entity;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An SFTP login of a machine, owned by one organization. */
@Entity
@Table(name = "system_account")
public class SystemAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organization_id")
    private Organization organization;

    @Column(nullable = false)
    private boolean enabled = true;

    /** Empty: any client address. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_network", joinColumns = @JoinColumn(name = "account_id"))
    @Column(name = "cidr")
    private Set<String> allowedNetworks = new TreeSet<>();

    protected SystemAccount() {
    }

    public SystemAccount(AccountName name, Organization organization) {
        this.name = name.value();
        this.organization = organization;
    }

    public Long id() {
        return id;
    }

    public AccountName name() {
        return new AccountName(name);
    }

    public Organization organization() {
        return organization;
    }

    public boolean enabled() {
        return enabled;
    }

    public List<ClientNetwork> allowedNetworks() {
        return allowedNetworks.stream().sorted().map(ClientNetwork::parse).toList();
    }

    /** Whether the account may log in from this client address: anywhere, unless networks are listed. */
    public boolean admitsClient(String clientAddress) {
        return allowedNetworks.isEmpty()
                || allowedNetworks().stream().anyMatch(network -> network.contains(clientAddress));
    }

    public void limitToNetworks(List<ClientNetwork> networks) {
        allowedNetworks = new TreeSet<>(networks.stream().map(ClientNetwork::toString).toList());
    }
}
