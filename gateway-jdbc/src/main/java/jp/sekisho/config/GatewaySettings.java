package jp.sekisho.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The gateway's configuration, read through MicroProfile Config so that environment variables
 * ({@code SEKISHO_DATA_DIR}) and system properties ({@code -Dsekisho.data.dir}) both work. {@code member} names this
 * gateway among the members sharing a database and storage (default: host name and SFTP port); it must stay the same
 * across restarts and differ between members. {@code storageDirectory} holds the sealed files; members of a cluster
 * share it (default: {@code storage} in the data directory).
 */
public record GatewaySettings(
        Path dataDirectory,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        String sftpHost,
        int sftpPort,
        boolean createDemoData,
        Duration apiSessionLifetime,
        int consoleHttpsPort,
        PublicAddress publicAddress,
        Optional<MetricsToken> metricsToken,
        Duration auditCheckpointInterval,
        DefenceSettings defence,
        String member,
        Path storageDirectory) {

    public static GatewaySettings current() {
        Config config = ConfigProvider.getConfig(GatewaySettings.class.getClassLoader());
        Path dataDirectory = Path.of(config.getOptionalValue("sekisho.data.dir", String.class).orElse("sekisho-data"))
                .toAbsolutePath().normalize();
        int consoleHttpsPort = config.getOptionalValue("sekisho.console.https-port", Integer.class).orElse(8443);
        int sftpPort = config.getOptionalValue("sekisho.sftp.port", Integer.class).orElse(2222);
        return new GatewaySettings(
                dataDirectory,
                nonBlank(config, "sekisho.db.url"),
                nonBlank(config, "sekisho.db.user"),
                nonBlank(config, "sekisho.db.password"),
                config.getOptionalValue("sekisho.sftp.host", String.class).orElse("127.0.0.1"),
                sftpPort,
                config.getOptionalValue("sekisho.demo", Boolean.class).orElse(false),
                Duration.ofMinutes(config.getOptionalValue("sekisho.api.session-minutes", Integer.class).orElse(30)),
                consoleHttpsPort,
                nonBlank(config, "sekisho.public-address")
                        .map(address -> PublicAddress.parse("sekisho.public-address", address))
                        .orElseGet(() -> PublicAddress.loopback(consoleHttpsPort)),
                MetricsToken.parse("sekisho.metrics.token", nonBlank(config, "sekisho.metrics.token")),
                Duration.ofMinutes(Math.max(1, config.getOptionalValue("sekisho.audit.checkpoint-minutes", Long.class)
                        .orElse(60L))),
                DefenceSettings.from(config),
                nonBlank(config, "sekisho.member").orElseGet(() -> HostName.LOCAL + ":" + sftpPort),
                nonBlank(config, "sekisho.storage.dir").map(Path::of).orElseGet(() -> dataDirectory.resolve("storage"))
                        .toAbsolutePath().normalize());
    }

    /** This machine's name, looked up once: the default member name is made of it. */
    private static final class HostName {
        static final String LOCAL = lookUp();

        private static String lookUp() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException unnamed) {
                return "localhost";
            }
        }
    }

    /** The embedded default: H2 in file mode under the data directory, so that a restart keeps everything. */
    public String effectiveDatabaseUrl() {
        return databaseUrl.orElseGet(() -> "jdbc:h2:file:" + dataDirectory.resolve("db").resolve("sekisho")
                + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    public Path keyDirectory() {
        return dataDirectory.resolve("keys");
    }

    @Override
    public String toString() {
        return "GatewaySettings[dataDirectory=" + dataDirectory + ", database=" + databaseUrl.orElse("embedded H2")
                + ", sftp=" + sftpHost + ":" + sftpPort + ", publicAddress=" + publicAddress
                + ", metrics=" + (metricsToken.isPresent() ? "token configured" : "off") + ", demo=" + createDemoData
                + ", member=" + member + ", storage=" + storageDirectory + "]";
    }

    private static Optional<String> nonBlank(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
    }
}
