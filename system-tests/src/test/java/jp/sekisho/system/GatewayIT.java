package jp.sekisho.system;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every in-server test deploys the WAR exactly as {@code mvn package} built it (not a test assembly of it) on the
 * managed Payara Micro, and talks to it from outside as its users do.
 */
@ExtendWith(ArquillianExtension.class)
abstract class GatewayIT {

    @ArquillianResource
    URL base;

    @TempDir
    Path work;

    @Deployment(testable = false)
    static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("sekisho.test.war")));
    }

    /**
     * Arquillian reports the deployment before every request path answers; a test starts only once the public API
     * does, so that a slow start is not mistaken for a refusal.
     */
    @BeforeEach
    void waitUntilTheApiAnswers() {
        Gateway gateway = gateway();
        Gateway.eventually(Duration.ofSeconds(60), "GET /api/gateway answers 200 at " + base,
                () -> {
                    try {
                        return gateway.raw("GET", "gateway", null, null).status() == 200;
                    } catch (java.io.UncheckedIOException notListeningYet) {
                        return false;
                    }
                });
    }

    Gateway gateway() {
        return new Gateway(base);
    }
}
