package jp.sekisho.identity.entity;

import java.util.EnumSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A person using the console or the API. */
@Entity
@Table(name = "official")
public class Official {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(nullable = false, unique = true)
    private String login;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organization_id")
    private Organization organization;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "totp_secret", nullable = false)
    private String totpSecret;

    @Column(name = "last_totp_step", nullable = false)
    private long lastTotpStep;

    @Column(nullable = false)
    private boolean enabled = true;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "official_role", joinColumns = @JoinColumn(name = "official_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    protected Official() {
    }

    public Official(String login, String displayName, Organization organization, Set<Role> roles,
            String passwordHash, String totpSecret) {
        if (roles.contains(Role.ADMIN) && roles.contains(Role.APPROVER)) {
            throw new IllegalArgumentException("One person never holds both ADMIN and APPROVER");
        }
        this.login = login;
        this.displayName = displayName;
        this.organization = organization;
        this.roles = EnumSet.copyOf(roles);
        this.passwordHash = passwordHash;
        this.totpSecret = totpSecret;
    }

    public Long id() {
        return id;
    }

    public String login() {
        return login;
    }

    public String displayName() {
        return displayName;
    }

    public Organization organization() {
        return organization;
    }

    public boolean enabled() {
        return enabled;
    }

    public Set<Role> roles() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    public String passwordHash() {
        return passwordHash;
    }

    public String totpSecret() {
        return totpSecret;
    }

    public long lastTotpStep() {
        return lastTotpStep;
    }

    /** A TOTP code counts once: later proofs must come from a later time step. */
    public void consumeTotpStep(long step) {
        if (step <= lastTotpStep) {
            throw new IllegalStateException("TOTP step already used");
        }
        lastTotpStep = step;
    }

    @Override
    public String toString() {
        return "Official[" + login + "]";
    }
}
