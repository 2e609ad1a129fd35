package jp.sekisho.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.boundary.Checkpoints;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.config.Balancers;
import jp.sekisho.config.DefenceSettings;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.PublicAddress;
import jp.sekisho.demo.DemoWorld;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.boundary.Defender;
import jp.sekisho.identity.boundary.SshLogins;
import jp.sekisho.identity.control.Totp;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.retention.boundary.RetentionSweep;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.testing.ScratchDatabase;
import jp.sekisho.testing.TestClock;
import jp.sekisho.testing.TestDisk;
import jp.sekisho.transfer.boundary.Approvals;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.boundary.Transfers;
import jp.sekisho.transfer.control.ReadJournals;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchId;

/**
 * The gateway's core and its SFTP endpoint inside the test JVM: a PostgreSQL database of its own migrated by the
 * gateway's migrations, the demo world (accounts with their keys, officials, one channel), the real boundaries on
 * {@link InJvmContainer}, and the very endpoint the application starts, on a free loopback port. One per test JVM:
 * tests keep apart by naming their own batches.
 */
final class InJvmGateway {

    static final String CHANNEL = DemoWorld.CHANNEL;
    /** The member name of this gateway, of its restarts and of a gateway restored from its backup. */
    static final String MEMBER = "in-jvm";

    private static InJvmGateway shared;

    /**
     * The defaults, but the tests' own address is trusted: the tier's tests fail logins on purpose from 127.0.0.1,
     * and the defender's tests play strangers from other loopback addresses.
     */
    static final DefenceSettings DEFENCE = new DefenceSettings(DefenceSettings.defaults().failuresBeforePenalty(),
            DefenceSettings.defaults().window(), DefenceSettings.defaults().firstPenalty(),
            DefenceSettings.defaults().longestPenalty(), List.of("127.0.0.1/32"),
            DefenceSettings.defaults().nameLockFailures(), DefenceSettings.defaults().usualAddressMemory(),
            DefenceSettings.defaults().sshMaxAuthTries(), DefenceSettings.defaults().sshLoginGraceTime(), 8,
            Balancers.NONE);

    final Path dataDirectory;
    final TestClock clock;
    final InJvmContainer container;
    /** The disk under storage and read journals, which a test can fill. */
    final TestDisk disk = new TestDisk();
    /** The gateway's database, which a test can take away. */
    final ScratchDatabase database;
    private final String databaseUrl;
    private final GatewaySettings settings;
    private final SftpEndpoint endpoint;

    /**
     * @param fresh true for a new world (the database recreated, the demo world created); false for a gateway put
     *              back from a backup, whose database is only migrated to this release's schema, as a start does
     */
    private InJvmGateway(Path dataDirectory, String databaseName, boolean fresh, Instant now)
            throws IOException, SQLException {
        this.dataDirectory = dataDirectory;
        this.clock = new TestClock(now);
        database = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER, ScratchDatabase.LOCAL_SUPERUSER, databaseName);
        if (fresh) {
            database.recreate(ScratchDatabase.LOCAL_SUPERUSER);
        }
        ScratchDatabase.migrate(database.url(), ScratchDatabase.LOCAL_SUPERUSER, "postgresql");
        GatewaySettings settings = new GatewaySettings(dataDirectory, Optional.of(database.url()),
                Optional.of(ScratchDatabase.LOCAL_SUPERUSER), Optional.empty(), "127.0.0.1", 0, fresh,
                Duration.ofMinutes(30), 8443, PublicAddress.loopback(8443), Optional.empty(), Duration.ofHours(1),
                DEFENCE, MEMBER, dataDirectory.resolve("storage"));
        this.databaseUrl = database.url();
        this.settings = settings;
        container = newContainer();
        if (fresh) {
            container.start(DemoWorld.class, "createWhenAsked");
        }
        GatewayKeys keys = container.boundary(GatewayKeys.class);
        endpoint = SftpEndpoint.start("127.0.0.1", 0, List.of(keys.sshHostKey().privateKeyFile(),
                keys.sshEcdsaHostKey().privateKeyFile()), container.boundary(Transfers.class),
                container.boundary(SshLogins.class), container.boundary(Defender.class), settings.defence(),
                Executors.defaultThreadFactory());
    }

    /**
     * A second gateway on a data directory and database that {@code docs/deploy/restore} filled, its clock at
     * {@code now} (the moment its batches' windows are judged at); the caller closes it, and drops its database.
     */
    static InJvmGateway restored(Path dataDirectory, String databaseName, Instant now)
            throws IOException, SQLException {
        return new InJvmGateway(dataDirectory, databaseName, false, now);
    }

    /**
     * Stops the endpoint and the core; the shared gateway is never closed. The database watch is one per JVM, as is
     * a gateway in production: it goes back to watching the shared gateway's database.
     */
    void close() throws IOException {
        endpoint.close();
        container.close();
        watchSharedDatabase();
    }

    /** After another core of this JVM watched its own database: the one watch goes back to the shared gateway's. */
    static void watchSharedDatabase() {
        DatabaseWatch.watching(shared().settings);
    }

    private InJvmContainer newContainer() {
        return newContainer(settings);
    }

    private InJvmContainer newContainer(GatewaySettings settings) {
        return new InJvmContainer(databaseUrl, ScratchDatabase.LOCAL_SUPERUSER, clock, settings)
                .observing(Retention.class, Checkpoints.class, Batches.class).storing(disk.store(settings))
                .providing(ReadJournals.class, disk.journals(settings));
    }

    /**
     * The core as it comes back after a crash: new boundaries with nothing in flight, on the same database and data
     * directory, that have run what runs at start. The caller closes it; this gateway's endpoint keeps serving.
     */
    InJvmContainer restarted() {
        InJvmContainer restarted = newContainer();
        restarted.start(RetentionSweep.class, "finishWhatACrashInterrupted");
        return restarted;
    }

    /**
     * Another member of a cluster, on the same database and storage, as it comes up: it has run what runs at start.
     * The caller closes it.
     */
    InJvmContainer anotherMemberStarting(String member) {
        return anotherMemberStarting(member, settings.dataDirectory());
    }

    /** The same, with a data directory (keys, storage) of its own, as a member wrongly set up would have. */
    InJvmContainer anotherMemberStarting(String member, Path dataDirectory) {
        GatewaySettings other = new GatewaySettings(dataDirectory, settings.databaseUrl(),
                settings.databaseUser(), settings.databasePassword(), settings.sftpHost(), settings.sftpPort(),
                false, settings.apiSessionLifetime(), settings.consoleHttpsPort(), settings.publicAddress(),
                settings.metricsToken(), settings.auditCheckpointInterval(), settings.defence(), member,
                dataDirectory.resolve("storage"));
        InJvmContainer started = newContainer(other);
        started.start(RetentionSweep.class, "finishWhatACrashInterrupted");
        return started;
    }

    /** The gateway of this test JVM, started by the first test that needs it. */
    static synchronized InJvmGateway shared() {
        if (shared == null) {
            try {
                shared = new InJvmGateway(Files.createTempDirectory("sekisho-sftp-tier"),
                        System.getProperty("sekisho.test.sftpTierDatabase", "sekisho_sftp_tier"), true, Instant.now());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("The SFTP tier needs PostgreSQL on 127.0.0.1:5432 (see .ci/run)", e);
            }
        }
        return shared;
    }

    int port() {
        return endpoint.port();
    }

    /** The endpoint as the product starts it, to watch its sessions. */
    SftpEndpoint endpoint() {
        return endpoint;
    }

    Path demoFile(String name) {
        return dataDirectory.resolve("demo").resolve(name);
    }

    <T> T boundary(Class<T> type) {
        return container.boundary(type);
    }

    /** The official as the core's boundaries receive them after a login. */
    Caller caller(String login) {
        Official official = boundary(Identities.class).officialByLogin(login).orElseThrow();
        return new Caller(official.id(), login, official.roles(), "192.0.2.44 port 40000");
    }

    /** A fresh code of the official's authenticator: the clock moves on by one time step first, so it counts. */
    String freshCode(String login) {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        Official official = boundary(Identities.class).officialByLogin(login).orElseThrow();
        return Totp.codeAt(official.totpSecret(), Totp.stepAt(clock.instant()));
    }

    /** Submits the batch with a purpose and has both demo approvers co-sign it, so that the destination may pull. */
    BatchId release(String batchName) {
        Caller requester = caller("requester");
        BatchId batch = batchNamed(batchName);
        String lastDay = clock.instant().atZone(ZoneId.of(Official.DEFAULT_TIME_ZONE)).toLocalDate().plusDays(30)
                .toString();
        String digest = boundary(Batches.class).submit(requester, batch, "月次の給付金データ", lastDay)
                .manifestDigest();
        for (String approver : List.of("approver1", "approver2")) {
            boundary(Approvals.class).decide(caller(approver), batch, Decision.APPROVE, digest, freshCode(approver),
                    null);
        }
        return batch;
    }

    /** The batch the requester sees under this name. */
    BatchId batchNamed(String batchName) {
        return boundary(Batches.class).visibleTo(caller("requester")).stream()
                .filter(each -> each.name().equals(batchName)).map(each -> new BatchId(each.id())).findFirst()
                .orElseThrow();
    }

    /** The batch as an auditor sees it. */
    BatchView batch(BatchId id) {
        return boundary(Batches.class).find(caller("auditor"), id);
    }

    /** The files of the batch that are stored sealed, under the names storage gives them. */
    List<String> storedFileNames(BatchId id) {
        return container.read(entityManager -> entityManager
                .createQuery("SELECT b FROM Batch b WHERE b.publicId = :id", Batch.class).setParameter("id", id.value())
                .getSingleResult().files().stream().filter(BatchFile::sealed).map(file -> file.storageKey() + ".p7m")
                .sorted().toList());
    }

    /** Every audit event after {@code afterSeq}, in chain order. */
    List<AuditEvent> eventsAfter(long afterSeq) {
        return boundary(AuditTrail.class).page(afterSeq, Long.MAX_VALUE, 10_000);
    }

    long auditHead() {
        return boundary(AuditTrail.class).headSeq();
    }

    Path storageOf(BatchId batch) {
        return dataDirectory.resolve("storage").resolve(batch.value());
    }
}
