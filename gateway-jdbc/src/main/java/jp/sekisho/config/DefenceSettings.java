package jp.sekisho.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.config.Config;

/**
 * How the gateway answers repeated failed logins and floods, for SSH and HTTP alike (docs/defence.md explains each
 * setting and how an administrator lifts a penalty).
 *
 * @param failuresBeforePenalty failed attempts from one address within {@code window} that earn a penalty
 * @param window how long failures of one address are counted together, and reported as one audit event
 * @param firstPenalty the first penalty; each further one doubles, up to {@code longestPenalty}
 * @param trustedNetworks addresses (CIDR) never penalised, such as the city's monitoring; their failures are still
 *        audited
 * @param nameLockFailures failed logins of one official's name, from addresses that are not the official's usual
 *        ones, that lock the name for {@code window}
 * @param usualAddressMemory how long an address where an official logged in stays one of their usual addresses
 * @param sshMaxAuthTries authentication requests allowed per SSH connection (OpenSSH's MaxAuthTries)
 * @param sshLoginGraceTime time an SSH client has to authenticate (OpenSSH's LoginGraceTime)
 * @param sshMaxUnauthenticated SSH connections that may wait unauthenticated at once (OpenSSH's MaxStartups)
 * @param balancers addresses of the load balancers in front of the gateway: only a connection from one of them may
 *        name the client it forwards (PROXY protocol for SFTP, {@code X-Forwarded-For} for HTTPS), so that the
 *        defender counts each client and not the balancer
 */
public record DefenceSettings(int failuresBeforePenalty, Duration window, Duration firstPenalty,
        Duration longestPenalty, List<String> trustedNetworks, int nameLockFailures, Duration usualAddressMemory,
        int sshMaxAuthTries, Duration sshLoginGraceTime, int sshMaxUnauthenticated, Balancers balancers) {

    public static DefenceSettings defaults() {
        return new DefenceSettings(10, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(24),
                List.of(), 5, Duration.ofDays(90), 6, Duration.ofSeconds(120), 20, Balancers.NONE);
    }

    static DefenceSettings from(Config config) {
        DefenceSettings defaults = defaults();
        return new DefenceSettings(
                config.getOptionalValue("sekisho.defence.failures-before-penalty", Integer.class)
                        .orElse(defaults.failuresBeforePenalty()),
                seconds(config, "sekisho.defence.window-seconds", defaults.window()),
                seconds(config, "sekisho.defence.first-penalty-seconds", defaults.firstPenalty()),
                seconds(config, "sekisho.defence.longest-penalty-seconds", defaults.longestPenalty()),
                list(config, "sekisho.defence.trusted-networks"),
                config.getOptionalValue("sekisho.defence.name-lock-failures", Integer.class)
                        .orElse(defaults.nameLockFailures()),
                Duration.ofDays(config.getOptionalValue("sekisho.defence.usual-address-days", Integer.class)
                        .orElse((int) defaults.usualAddressMemory().toDays())),
                config.getOptionalValue("sekisho.sftp.max-auth-tries", Integer.class)
                        .orElse(defaults.sshMaxAuthTries()),
                seconds(config, "sekisho.sftp.login-grace-seconds", defaults.sshLoginGraceTime()),
                config.getOptionalValue("sekisho.sftp.max-unauthenticated", Integer.class)
                        .orElse(defaults.sshMaxUnauthenticated()),
                Balancers.parse("sekisho.balancers", list(config, "sekisho.balancers")));
    }

    private static List<String> list(Config config, String key) {
        return config.getOptionalValue(key, String.class)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static Duration seconds(Config config, String key, Duration fallback) {
        return config.getOptionalValue(key, Long.class).map(Duration::ofSeconds).orElse(fallback);
    }
}
