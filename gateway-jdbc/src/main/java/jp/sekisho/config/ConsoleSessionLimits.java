package jp.sekisho.config;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How many console sessions may exist before anyone signs in. The sign-in form keeps its state in a session (about
 * 7 KB each), so without a bound a stranger could fill the gateway's memory by opening the form again and again.
 *
 * @param perAddress sessions of visitors not signed in, per client address (trusted networks are not counted)
 * @param total the same over all addresses, so that many addresses together are bounded too
 * @param lifetime how long such a session lives without a request; signing in gives it the console's full timeout
 */
public record ConsoleSessionLimits(int perAddress, int total, Duration lifetime) {

    public static ConsoleSessionLimits current() {
        Config config = ConfigProvider.getConfig(ConsoleSessionLimits.class.getClassLoader());
        return new ConsoleSessionLimits(
                Math.max(1, config.getOptionalValue("sekisho.console.anonymous-sessions-per-address", Integer.class)
                        .orElse(50)),
                Math.max(1, config.getOptionalValue("sekisho.console.anonymous-sessions", Integer.class)
                        .orElse(10_000)),
                Duration.ofMinutes(Math.max(1, config.getOptionalValue("sekisho.console.anonymous-session-minutes",
                        Integer.class).orElse(5))));
    }
}
