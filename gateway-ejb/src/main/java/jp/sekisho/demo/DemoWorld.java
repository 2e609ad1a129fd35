package jp.sekisho.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.boundary.NewChannel;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.control.PasswordHasher;
import jp.sekisho.identity.control.Passwords;
import jp.sekisho.identity.control.Totp;
import jp.sekisho.identity.entity.AccountKey;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.OpenSshKeys;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.CanonicalJson;

/**
 * The demo world of the quickstart: a city's benefits division sends to a call center through its IT vendor. It is
 * created only when {@code SEKISHO_DEMO=true} and the database is empty; a production start never creates users.
 * Every secret goes to files under {@code <data>/demo} readable only by the gateway's user, never to the log.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DemoWorld {

    public static final String CHANNEL = "benefits-to-callcenter";
    private static final Logger LOG = Logger.getLogger(DemoWorld.class.getName());

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    @EJB
    Channels channels;

    @EJB
    AuditTrail audit;

    @PostConstruct
    void createWhenAsked() {
        if (!settings.createDemoData()) {
            return;
        }
        Long organizations = em.createQuery("SELECT COUNT(o) FROM Organization o", Long.class).getSingleResult();
        if (organizations > 0) {
            LOG.info(() -> "Demo data requested, but the database already has organizations: nothing created");
            return;
        }
        try {
            create(settings.dataDirectory().resolve("demo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void create(Path demo) throws IOException {
        Organization welfare = organization("city-welfare", "関所市 福祉部 生活福祉課 (City welfare-benefits division)",
                null);
        Organization policy = organization("city-infopolicy",
                "関所市 総務部 情報政策課 (City information-policy division)", null);
        Organization vendor = organization("it-vendor", "株式会社関所システムズ (IT vendor)", welfare);
        Organization callCenter = organization("callcenter-operator", "株式会社東日本コールセンター (Call-center operator)",
                vendor);

        registerAccount(new AccountName("benefits"), welfare, demo);
        registerAccount(new AccountName("callcenter"), callCenter, demo);

        SelfSignedCredentials recipient = SelfSignedCredentials.generateRsa("callcenter-recipient", 3072);
        Files.writeString(demo.resolve("callcenter-recipient-cert.pem"), recipient.certificatePem(),
                StandardCharsets.US_ASCII);
        GatewayKeys.writeSecret(demo.resolve("callcenter-recipient-key.pem"), recipient.privateKeyPem());

        List<Map<String, Object>> credentials = new ArrayList<>();
        credentials.add(official("requester", "田中 一郎 (requester)", welfare, EnumSet.of(Role.REQUESTER)));
        credentials.add(official("approver1", "鈴木 花子 (approver, welfare)", welfare, EnumSet.of(Role.APPROVER)));
        credentials.add(official("approver2", "佐藤 次郎 (approver, information policy)", policy,
                EnumSet.of(Role.APPROVER)));
        // A second approver in each division, as a city has for absences; tests spread their co-signatures.
        credentials.add(official("approver3", "山本 さくら (approver, welfare)", welfare, EnumSet.of(Role.APPROVER)));
        credentials.add(official("approver4", "中村 大輔 (approver, information policy)", policy,
                EnumSet.of(Role.APPROVER)));
        credentials.add(official("auditor", "高橋 美咲 (auditor)", policy, EnumSet.of(Role.AUDITOR)));
        credentials.add(official("admin", "伊藤 健 (administrator)", policy, EnumSet.of(Role.ADMIN)));
        GatewayKeys.writeSecret(demo.resolve("officials.json"), CanonicalJson.write(credentials) + "\n");

        em.flush();
        channels.define(new NewChannel(CHANNEL, "benefits", "callcenter", recipient.certificatePem(), 2,
                Set.of(welfare.code(), policy.code()), Duration.ofDays(7), Duration.ofDays(3), Duration.ofHours(24), 1,
                List.of(), List.of(), null, null, null, null, null));
        audit.append(AuditRecord.success("gateway", AuditAction.DEMO_DATA_CREATED, CHANNEL, null, null,
                "4 organizations, 2 system accounts, 7 officials, 1 channel"));
        LOG.info(() -> "Demo data created; keys and credentials are in " + demo);
    }

    private Organization organization(String code, String name, Organization contractedBy) {
        Organization organization = new Organization(code, name, contractedBy);
        em.persist(organization);
        return organization;
    }

    private void registerAccount(AccountName name, Organization organization, Path demo) throws IOException {
        SystemAccount account = new SystemAccount(name, organization);
        em.persist(account);
        OpenSshKeys.GeneratedKey key = OpenSshKeys.generateEd25519(name + "@sekisho-demo");
        GatewayKeys.writeSecret(demo.resolve(name + "_ed25519"), key.privateKeyFile());
        Files.writeString(demo.resolve(name + "_ed25519.pub"), key.publicKeyLine() + "\n", StandardCharsets.US_ASCII);
        em.persist(new AccountKey(account, key.fingerprint(), key.publicKeyLine(), clock.instant()));
    }

    private Map<String, Object> official(String login, String displayName, Organization organization,
            Set<Role> roles) {
        String password = Passwords.generate();
        String totpSecret = Totp.newSecret();
        em.persist(new Official(login, displayName, organization, roles, PasswordHasher.hash(password.toCharArray()),
                totpSecret));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("login", login);
        entry.put("password", password);
        entry.put("totpSecret", totpSecret);
        entry.put("otpauthUri", Totp.otpauthUri("Sekisho", login, totpSecret));
        entry.put("roles", roles.stream().map(Role::name).toList());
        entry.put("organization", organization.code());
        return entry;
    }
}
