package jp.sekisho.identity.boundary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.control.PasswordHasher;
import jp.sekisho.identity.control.Passwords;
import jp.sekisho.identity.control.Totp;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.ApiSession;
import jp.sekisho.identity.entity.ApiToken;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

/** Who is who: SSH keys of system accounts, passwords and TOTP of officials, API sessions. */
@Stateless
public class Identities {

    /** Same answer for unknown login, wrong password and wrong code: a caller learns nothing about which it was. */

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @EJB
    LoginThrottle throttle;

    @EJB
    PasswordCheck passwords;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;
    private final SecureRandom random = new SecureRandom();

    public Optional<SystemAccount> account(AccountName name) {
        return em.createQuery("SELECT a FROM SystemAccount a WHERE a.name = :name", SystemAccount.class)
                .setParameter("name", name.value()).getResultStream().findFirst();
    }

    public ApiToken login(String login, char[] password, String totpCode, String clientAddress) {
        Official official = passwords.holder(login, password, clientAddress);
        if (!official.totpEnrolled()) {
            audit.appendDenial(AuditRecord.denied(login, AuditAction.API_LOGIN_REFUSED, null, null, clientAddress,
                    "first login: the authenticator is not enrolled yet"));
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "enrolment-required",
                    "First login: enrol your authenticator and choose your password in the console").recorded();
        }
        OptionalLong step = Totp.verify(official.totpSecret(), totpCode, clock.instant(), official.lastTotpStep());
        if (step.isEmpty()) {
            passwords.refuse(login, clientAddress, "wrong or reused TOTP code");
        }
        official.consumeTotpStep(step.getAsLong());
        throttle.recordSuccess(login, clientAddress, clock.instant());
        audit.append(AuditRecord.success(official.login(), AuditAction.API_LOGIN, null, null, clientAddress, null));
        return openSession(official, clientAddress);
    }

    /** What an authenticator app needs to enrol: the secret, and the same as an {@code otpauth://} URI. */
    public record Enrolment(String login, String totpSecret, String otpauthUri) {
    }

    /**
     * First login, step one: the initial password an administrator handed over shows the authenticator secret.
     * Only an official who has not enrolled yet gets it; failures count towards the lock like any login.
     */
    public Enrolment beginEnrolment(String login, char[] initialPassword, String clientAddress) {
        Official official = passwords.holder(login, initialPassword, clientAddress);
        if (official.totpEnrolled()) {
            passwords.refuse(login, clientAddress, "enrolment asked for, but the authenticator is already enrolled");
        }
        audit.append(AuditRecord.success(login, AuditAction.TOTP_ENROLMENT_STARTED, null, null, clientAddress,
                "authenticator secret shown"));
        return new Enrolment(login, official.totpSecret(), Totp.otpauthUri("Sekisho", login, official.totpSecret()));
    }

    /**
     * First login, step two: the secret shown in step one (it was revealed only to the holder of the initial
     * password), a code the authenticator made from it, and a password of the official's own choosing. Opens a
     * session like a login.
     */
    public ApiToken completeEnrolment(String login, String shownSecret, char[] ownPassword, String totpCode,
            String clientAddress) {
        Official official = login == null ? null : officialByLogin(login).orElse(null);
        if (official == null || !official.enabled() || official.totpEnrolled() || shownSecret == null
                || !MessageDigest.isEqual(shownSecret.getBytes(StandardCharsets.US_ASCII),
                        official.totpSecret().getBytes(StandardCharsets.US_ASCII))) {
            passwords.refuse(login, clientAddress, "enrolment without a valid shown secret");
        }
        try {
            Passwords.requireAcceptable(ownPassword, official.passwordHash(), login);
        } catch (Refused refused) {
            throw audit.appendRefusal(new Caller(official.id(), login, official.roles(), clientAddress),
                    "complete enrolment", null, refused);
        }
        OptionalLong step = Totp.verify(official.totpSecret(), totpCode, clock.instant(), official.lastTotpStep());
        if (step.isEmpty()) {
            audit.appendDenial(AuditRecord.denied(login, AuditAction.API_LOGIN_REFUSED, null, null, clientAddress,
                    "enrolment code does not match the shown secret"));
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "enrolment-code-wrong",
                    "The code does not match: check the authenticator app's clock, or scan the code again")
                    .recorded();
        }
        official.completeEnrolment(PasswordHasher.hash(ownPassword), step.getAsLong());
        throttle.recordSuccess(login, clientAddress, clock.instant());
        audit.append(AuditRecord.success(login, AuditAction.TOTP_ENROLLED, null, null, clientAddress,
                "authenticator enrolled and own password chosen at first login"));
        return openSession(official, clientAddress);
    }

    private ApiToken openSession(Official official, String clientAddress) {
        Instant now = clock.instant();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = now.plus(settings.apiSessionLifetime());
        em.persist(new ApiSession(sha256(token), official, now, expiresAt));
        return new ApiToken(token, callerOf(official, clientAddress), expiresAt);
    }

    public Optional<Caller> callerForToken(String token, String clientAddress) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        ApiSession session = em.find(ApiSession.class, sha256(token));
        if (session == null || session.expiredAt(clock.instant()) || !session.official().enabled()) {
            return Optional.empty();
        }
        return Optional.of(callerOf(session.official(), clientAddress));
    }

    public void logout(String token) {
        ApiSession session = em.find(ApiSession.class, sha256(token));
        if (session != null) {
            em.remove(session);
        }
    }

    /**
     * Proves that the caller is present now: a code from a later time step than any they used before. Returns the
     * step so that the decision can record it.
     */
    public long stepUp(Official official, String totpCode) {
        OptionalLong step = Totp.verify(official.totpSecret(), totpCode, clock.instant(), official.lastTotpStep());
        if (step.isEmpty()) {
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "step-up-failed",
                    "A fresh code from your authenticator is required (a code counts once)");
        }
        official.consumeTotpStep(step.getAsLong());
        return step.getAsLong();
    }

    public Official official(Caller caller) {
        Official official = em.find(Official.class, caller.officialId());
        if (official == null || !official.enabled()) {
            throw new Refused(Refused.Kind.UNAUTHENTICATED, "no-such-official", "Your account is not active");
        }
        return official;
    }

    /** The caller as an administrator, or a refusal saying that only one can do {@code what}. */
    public Official admin(Caller caller, String what) {
        Official official = official(caller);
        if (!official.holds(Role.ADMIN)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-admin", "Only an administrator can " + what);
        }
        return official;
    }

    /** The caller as an auditor, or a refusal saying that only one can do {@code what}. */
    public Official auditor(Caller caller, String what) {
        Official official = official(caller);
        if (!official.holds(Role.AUDITOR)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-auditor", "Only an auditor can " + what);
        }
        return official;
    }

    /** Administrators and auditors may look at the configuration; only administrators change it. */
    public Official adminOrAuditor(Caller caller, String what) {
        Official official = official(caller);
        if (!official.holds(Role.ADMIN) && !official.holds(Role.AUDITOR)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-admin",
                    "Only an administrator or an auditor can " + what);
        }
        return official;
    }

    public Optional<Organization> organization(String code) {
        return em.createQuery("SELECT o FROM Organization o WHERE o.code = :code", Organization.class)
                .setParameter("code", code).getResultStream().findFirst();
    }

    /** The account of that name; a name no account can have is an account that does not exist. */
    public Optional<SystemAccount> accountNamed(String name) {
        try {
            return account(new AccountName(name));
        } catch (InvalidValue notAName) {
            return Optional.empty();
        }
    }

    /** The account a request names, refused as invalid input if there is none. */
    public SystemAccount existingAccount(String name) {
        return accountNamed(name).orElseThrow(() -> new Refused(Refused.Kind.INVALID, "no-such-account",
                "No system account named " + name));
    }

    /** The organization of that code, or the refusal a request naming an unknown one gets. */
    public Organization existingOrganization(String code) {
        return organization(code).orElseThrow(() -> new Refused(Refused.Kind.INVALID, "no-such-organization",
                "No organization with code " + code));
    }

    public Optional<Official> officialByLogin(String login) {
        return em.createQuery("SELECT o FROM Official o WHERE o.login = :login", Official.class)
                .setParameter("login", login).getResultStream().findFirst();
    }

    public List<Official> officials() {
        return em.createQuery("SELECT o FROM Official o ORDER BY o.login", Official.class).getResultList();
    }

    private static Caller callerOf(Official official, String clientAddress) {
        return new Caller(official.id(), official.login(), official.roles(), clientAddress);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
