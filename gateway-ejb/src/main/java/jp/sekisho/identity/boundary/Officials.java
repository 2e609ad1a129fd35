package jp.sekisho.identity.boundary;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.control.PasswordHasher;
import jp.sekisho.identity.control.Passwords;
import jp.sekisho.identity.control.Totp;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;

/**
 * Administration of organizations and officials. Nothing is created silently: every change is made by a named
 * administrator and audited with what it was before and after. An administrator never changes their own roles
 * or credentials, so one person cannot grant themselves more.
 */
@Stateless
public class Officials {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

    /** What an administrator hands to a new official, once: it is stored only as a slow hash. */
    public record InitialPassword(String login, String password) {
        @Override
        public String toString() {
            return "InitialPassword[" + login + "]";
        }
    }

    public record NewOfficial(String login, String displayName, String organizationCode, Set<Role> roles,
            String timeZone) {
    }

    /** Whether a text could be an official's login at all (not whether one has it). */
    public static boolean isLogin(String login) {
        return login != null && CODE.matcher(login).matches();
    }

    public List<OrganizationView> organizations(Caller caller) {
        identities.official(caller);
        return em.createQuery("SELECT o FROM Organization o ORDER BY o.code", Organization.class).getResultStream()
                .map(OrganizationView::of).toList();
    }

    public List<OfficialView> officials(Caller caller) {
        identities.adminOrAuditor(caller, "see officials");
        return identities.officials().stream().map(OfficialView::of).toList();
    }

    public OfficialView official(Caller caller, String login) {
        identities.adminOrAuditor(caller, "see officials");
        return OfficialView.of(existing(login));
    }

    /** The signed-in official themselves: name, roles, time zone. */
    public OfficialView me(Caller caller) {
        return OfficialView.of(identities.official(caller));
    }

    public OrganizationView createOrganization(Caller caller, String code, String name, String contractedByCode) {
        try {
            identities.admin(caller, "administer organizations and officials");
            requireCode(code, "organization-code-invalid", "An organization code");
            requireText(name, "organization-name-required", "An organization needs a name");
            if (identities.organization(code).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "organization-exists", "An organization " + code
                        + " exists already");
            }
            Organization contractedBy = contractedByCode == null || contractedByCode.isBlank() ? null
                    : identities.existingOrganization(contractedByCode);
            Organization created = new Organization(code, name, contractedBy);
            em.persist(created);
            audit.append(AuditRecord.success(caller.login(), AuditAction.ORGANIZATION_CREATED, code, null,
                    caller.clientAddress(), "name=" + name + "; contractedBy="
                            + (contractedBy == null ? "-" : contractedBy.code())));
            return OrganizationView.of(created);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "create organization " + code, null, refused);
        }
    }

    public InitialPassword createOfficial(Caller caller, NewOfficial request) {
        try {
            identities.admin(caller, "administer organizations and officials");
            requireCode(request.login(), "login-invalid", "A login");
            requireText(request.displayName(), "display-name-required", "An official needs a display name");
            if (identities.officialByLogin(request.login()).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "login-exists", "The login " + request.login()
                        + " is taken");
            }
            Organization organization = identities.existingOrganization(request.organizationCode());
            Official.requireSeparatedDuties(request.roles());
            String password = Passwords.generate();
            Official created = Official.awaitingEnrolment(request.login(), request.displayName(), organization,
                    request.roles(), PasswordHasher.hash(password.toCharArray()), Totp.newSecret(),
                    zone(request.timeZone()));
            em.persist(created);
            audit.append(AuditRecord.success(caller.login(), AuditAction.OFFICIAL_CREATED, request.login(), null,
                    caller.clientAddress(), describe(created) + "; initial password handed to the administrator, "
                            + "authenticator to be enrolled at first login"));
            return new InitialPassword(request.login(), password);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "create official " + request.login(), null, refused);
        }
    }

    /** New roles, enabled or not, and the time zone, in one audited change with the before and after. */
    public OfficialView change(Caller caller, String login, Set<Role> roles, boolean enabled, String timeZone) {
        try {
            identities.admin(caller, "administer organizations and officials");
            Official official = existing(login);
            requireSomeoneElse(caller, official);
            String before = describe(official);
            official.changeRoles(roles);
            official.enable(enabled);
            official.changeTimeZone(zone(timeZone));
            String after = describe(official);
            if (!before.equals(after)) {
                audit.append(AuditRecord.success(caller.login(), AuditAction.OFFICIAL_CHANGED, login, null,
                        caller.clientAddress(), "before: " + before + "; after: " + after));
            }
            return OfficialView.of(official);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change official " + login, null, refused);
        }
    }

    /** For a lost authenticator or a forgotten password: a new initial password and a new enrolment. */
    public InitialPassword resetCredentials(Caller caller, String login) {
        try {
            identities.admin(caller, "administer organizations and officials");
            Official official = existing(login);
            requireSomeoneElse(caller, official);
            String password = Passwords.generate();
            official.resetCredentials(PasswordHasher.hash(password.toCharArray()), Totp.newSecret());
            em.createQuery("DELETE FROM ApiSession s WHERE s.official = :official").setParameter("official", official)
                    .executeUpdate();
            audit.append(AuditRecord.success(caller.login(), AuditAction.OFFICIAL_CREDENTIALS_RESET, login, null,
                    caller.clientAddress(), "open sessions ended; authenticator to be enrolled again"));
            return new InitialPassword(login, password);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "reset credentials of " + login, null, refused);
        }
    }

    /** The official's own choice of time zone for the console. */
    public void changeOwnTimeZone(Caller caller, String timeZone) {
        Official official = identities.official(caller);
        official.changeTimeZone(zone(timeZone));
    }

    private Official existing(String login) {
        return identities.officialByLogin(login).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                "no-such-official", "No official " + login));
    }

    private static String describe(Official official) {
        return "organization=" + official.organization().code() + ", roles=" + official.roles() + ", enabled="
                + official.enabled() + ", timeZone=" + official.timeZone().getId();
    }

    private static ZoneId zone(String timeZone) {
        try {
            return timeZone == null || timeZone.isBlank() ? ZoneId.of(Official.DEFAULT_TIME_ZONE)
                    : ZoneId.of(timeZone);
        } catch (DateTimeException unknown) {
            throw new Refused(Refused.Kind.INVALID, "time-zone-invalid", "Unknown time zone " + timeZone);
        }
    }

    private static void requireCode(String code, String reason, String what) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new Refused(Refused.Kind.INVALID, reason, what + " is 2 to 64 characters: lower-case letters, "
                    + "digits, '.', '_' or '-'");
        }
    }

    private static void requireText(String text, String reason, String message) {
        if (text == null || text.isBlank() || text.length() > 256) {
            throw new Refused(Refused.Kind.INVALID, reason, message + " (at most 256 characters)");
        }
    }

    private static void requireSomeoneElse(Caller caller, Official official) {
        if (official.id() == caller.officialId()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "own-account",
                    "Another administrator must change your own roles or credentials");
        }
    }
}
