package jp.sekisho.web;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.gateway.boundary.GatewayKeys;

/** Public facts a client needs before it trusts the gateway: where SFTP listens and the host key to expect. */
@Path("gateway")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {

    @Inject
    GatewaySettings settings;

    @EJB
    GatewayKeys keys;

    @GET
    public JsonObject describe() {
        String ed25519 = keys.sshHostKey().fingerprint();
        return Json.createObjectBuilder()
                .add("product", "Sekisho")
                .add("sftpHost", settings.sftpHost())
                .add("sftpPort", settings.sftpPort())
                .add("sshHostKeyFingerprint", ed25519)
                .add("sshHostKeyFingerprints", Json.createObjectBuilder()
                        .add("ssh-ed25519", ed25519)
                        .add("ecdsa-sha2-nistp256", keys.sshEcdsaHostKey().fingerprint()))
                .build();
    }

    /** The certificate that verifies released manifests ({@code manifest.json.p7s}). */
    @GET
    @Path("certificate")
    @Produces("application/x-pem-file")
    public String manifestSigningCertificate() {
        return keys.manifestSigningKey().certificatePem();
    }
}
