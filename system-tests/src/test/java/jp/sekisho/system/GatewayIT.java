package jp.sekisho.system;

import java.net.URL;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * Every in-server test talks, from outside as its users do, to the one gateway of this test run: the WAR exactly
 * as {@code mvn package} built it (not a test assembly of it) on a Payara Micro (see {@link RunningGateway}).
 */
abstract class GatewayIT {

    final URL base = RunningGateway.base();

    @TempDir
    Path work;

    Gateway gateway() {
        return new Gateway(base);
    }
}
