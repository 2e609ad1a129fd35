package jp.sekisho.gateway.boundary;

import java.time.Clock;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.StorageSettings;

/**
 * What every part of the gateway is given rather than fetches: the one clock (every deadline, window and timestamp is
 * read from it, so that a test can run the same code at any moment it chooses) and the configuration.
 */
@Dependent
public class GatewayResources {

    @Produces
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    GatewaySettings settings() {
        return GatewaySettings.current();
    }

    @Produces
    StorageSettings storageSettings() {
        return StorageSettings.current();
    }
}
