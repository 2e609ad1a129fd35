package jp.sekisho.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
}
