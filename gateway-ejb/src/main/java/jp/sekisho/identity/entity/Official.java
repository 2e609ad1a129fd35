package jp.sekisho.identity.entity;

import java.time.ZoneId;
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

import jp.sekisho.shared.Refused;

/** A person using the console or the API. */
@Entity
@Table(name = "official")
public class Official {

    public static final String DEFAULT_TIME_ZONE = "Asia/Tokyo";

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

    /** False from creation by an administrator until the official's first login has enrolled the authenticator. */
    @Column(name = "totp_enrolled", nullable = false)
    private boolean totpEnrolled = true;

    @Column(name = "time_zone", nullable = false)
    private String timeZone = DEFAULT_TIME_ZONE;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "official_role", joinColumns = @JoinColumn(name = "official_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    protected Official() {
    }

    public Official(String login, String displayName, Organization organization, Set<Role> roles,
            String passwordHash, String totpSecret) {
        requireSeparatedDuties(roles);
        this.login = login;
        this.displayName = displayName;
        this.organization = organization;
        this.roles = EnumSet.copyOf(roles);
        this.passwordHash = passwordHash;
        this.totpSecret = totpSecret;
    }

    /**
     * An official an administrator creates: the initial password is for one login only, at which the official
     * enrols the authenticator (shown once) and chooses their own password.
     */
    public static Official awaitingEnrolment(String login, String displayName, Organization organization,
            Set<Role> roles, String initialPasswordHash, String newTotpSecret, ZoneId timeZone) {
        Official official = new Official(login, displayName, organization, roles, initialPasswordHash,
                newTotpSecret);
        official.totpEnrolled = false;
        official.timeZone = timeZone.getId();
        return official;
    }

    /** Whoever releases data never administers the rules that release it, and the other way round. */
    public static void requireSeparatedDuties(Set<Role> roles) {
        if (roles.contains(Role.ADMIN) && roles.contains(Role.APPROVER)) {
            throw new Refused(Refused.Kind.INVALID, "admin-and-approver",
                    "One person never holds both ADMIN and APPROVER");
        }
        if (roles.isEmpty()) {
            throw new Refused(Refused.Kind.INVALID, "no-role", "An official needs at least one role");
        }
    }

    public void changeRoles(Set<Role> newRoles) {
        requireSeparatedDuties(newRoles);
        roles = EnumSet.copyOf(newRoles);
    }

    public void enable(boolean enable) {
        enabled = enable;
    }

    public boolean totpEnrolled() {
        return totpEnrolled;
    }

    /** The first login: the official proved the new authenticator with a code and chose their own password. */
    public void completeEnrolment(String ownPasswordHash, long totpStep) {
        if (totpEnrolled) {
            throw new Refused(Refused.Kind.CONFLICT, "already-enrolled", "The authenticator is already enrolled");
        }
        consumeTotpStep(totpStep);
        passwordHash = ownPasswordHash;
        totpEnrolled = true;
    }

    /**
     * A lost authenticator or password: the official enrols again at the next login, with a new secret. The
     * steps used so far stay used, so no code seen before counts again.
     */
    public void resetCredentials(String initialPasswordHash, String newTotpSecret) {
        passwordHash = initialPasswordHash;
        totpSecret = newTotpSecret;
        totpEnrolled = false;
    }

    public ZoneId timeZone() {
        return ZoneId.of(timeZone);
    }

    public void changeTimeZone(ZoneId zone) {
        timeZone = zone.getId();
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
