package jp.sekisho.gateway.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/** Makes sure, before anything is served, that the gateway's own keys exist (first start) or are intact (later). */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class GatewayKeysAtStart {

    @EJB
    GatewayKeys keys;

    @PostConstruct
    void checkKeys() {
        keys.sshHostKey();
        keys.sshEcdsaHostKey();
        keys.manifestSigningKey();
    }
}
