package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

/**
 * An administrator creates an organization and an official in the console; the official's first login enrols an
 * authenticator from the QR code the console shows and replaces the initial password; the rules that keep duties
 * apart hold in the browser and in the API.
 */
class OfficialAdministrationIT extends GatewayIT {

    @Test
    void anAdministratorCreatesAnOfficialWhoEnrolsAnAuthenticatorAtTheFirstLogin() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String organization = "subcontractor-" + suffix;
        String login = "kobayashi-" + suffix;
        String initialPassword;
        try (Browser admin = Browser.open(base, "en")) {
            admin.logIn("admin");
            admin.go("/console/officials.xhtml");
            admin.type("organization:code", organization);
            admin.type("organization:name", "小林データ入力 (subcontractor)");
            admin.select("organization:contractedBy", "callcenter-operator");
            admin.click("organization:send");
            assertTrue(admin.text("#organizations").contains(organization + " → callcenter-operator → it-vendor → "
                    + "city-welfare"), "the contractor chain up to the data owner: " + admin.text("#organizations"));

            admin.type("create:login", login);
            admin.type("create:displayName", "小林 さくら");
            admin.select("create:organization", "city-welfare");
            admin.check("create:roles", "ADMIN", true);
            admin.check("create:roles", "APPROVER", true);
            admin.select("create:timeZone", "Europe/London");
            admin.click("create:send");
            assertTrue(admin.text("#messages").contains("never holds both ADMIN and APPROVER"),
                    admin.text("#messages"));
            assertFalse(admin.text("#list").contains(login), "nothing was created");

            admin.type("create:login", login);
            admin.type("create:displayName", "小林 さくら");
            admin.select("create:organization", "city-welfare");
            admin.check("create:roles", "ADMIN", false);
            admin.check("create:roles", "APPROVER", false);
            admin.check("create:roles", "REQUESTER", true);
            admin.select("create:timeZone", "Europe/London");
            admin.click("create:send");
            initialPassword = admin.text("#initial-password");
            assertEquals(20, initialPassword.length(), admin.text("#handover"));
            assertTrue(admin.text("#list").contains("Awaiting first login"), admin.text("#list"));
            admin.screenshot("10-official-created");
            admin.go("/console/officials.xhtml");
            assertFalse(admin.has("initial-password"), "an initial password is shown once");
        }
        assertEquals(401, gateway().call("POST", "sessions", null, Json.createObjectBuilder().add("login", login)
                .add("password", initialPassword).add("totp", "000000").build()).status(),
                "the API does not let a new official in before the enrolment");

        String ownPassword = "a passphrase of her own " + suffix;
        String secret;
        try (Browser official = Browser.open(base, "ja")) {
            official.go("/console/login.xhtml");
            official.type("signin:login", login);
            official.type("signin:password", initialPassword);
            official.click("signin:submit");
            assertTrue(official.url().contains("/console/enrol.xhtml"), official.url() + " " + official.text("#messages"));
            secret = official.text("#totp-secret").replace(" ", "");
            assertEquals(32, secret.length(), "a 160-bit Base32 secret");
            assertEquals("otpauth://totp/Sekisho:" + login + "?secret=" + secret + "&issuer=Sekisho&algorithm=SHA1"
                    + "&digits=6&period=30", decodeQr(official.image("totp-qr")),
                    "the QR code on the screen is the secret's otpauth URI");
            official.screenshot("11-enrolment");

            official.type("enrol:password", "short");
            official.type("enrol:repeated", "short");
            official.type("enrol:totp", Gateway.oathtool(secret, java.time.Instant.now().getEpochSecond()));
            official.click("enrol:submit");
            assertTrue(official.text("#messages").contains("12 文字以上"), official.text("#messages"));

            official.type("enrol:password", ownPassword);
            official.type("enrol:repeated", ownPassword);
            official.type("enrol:totp", "123456".equals(code(secret)) ? "654321" : "123456");
            official.click("enrol:submit");
            assertTrue(official.text("#messages").contains("コードが一致しません"), official.text("#messages"));

            official.type("enrol:password", ownPassword);
            official.type("enrol:repeated", ownPassword);
            official.type("enrol:totp", Gateway.freshTotp(login, secret));
            official.click("enrol:submit");
            assertTrue(official.url().contains("/console/index.xhtml"), official.url() + " " + official.text("#messages"));
            assertTrue(official.text("#messages").contains("認証アプリを登録しました"), official.text("#messages"));
            assertTrue(official.text("footer").contains("Europe/London"), "times in the official's own zone");
        }

        assertEquals(401, gateway().call("POST", "sessions", null, Json.createObjectBuilder().add("login", login)
                .add("password", initialPassword).add("totp", Gateway.freshTotp(login, secret)).build()).status(),
                "the initial password is gone");
        Gateway.Reply ownLogin = gateway().call("POST", "sessions", null, Json.createObjectBuilder()
                .add("login", login).add("password", ownPassword).add("totp", Gateway.freshTotp(login, secret))
                .build());
        assertEquals(201, ownLogin.status(), ownLogin.toString());

        Gateway.Reply reset = gateway().call("POST", "officials/" + login + "/credential-resets",
                gateway().token("admin"), null);
        assertEquals(201, reset.status(), reset.toString());
        assertEquals(401, gateway().call("GET", "batches", ownLogin.field("token"), null).status(),
                "a reset ends the official's sessions");
        // Searched, not read from the chain's start: the suite's sweeps put thousands of refusals before it.
        assertTrue(gateway().call("GET", "audit/search?action=OFFICIAL_CREDENTIALS_RESET&actor=admin",
                gateway().token("auditor"), null).body().contains(login));
    }

    @Test
    void theApiKeepsDutiesApartAndNobodyChangesTheirOwnRoles() {
        String login = "ito-" + UUID.randomUUID().toString().substring(0, 6);
        Gateway.Reply both = gateway().call("POST", "officials", gateway().token("admin"), Json.createObjectBuilder()
                .add("login", login).add("displayName", "Ito").add("organization", "city-infopolicy")
                .add("roles", Json.createArrayBuilder().add("ADMIN").add("APPROVER")).build());
        assertEquals(400, both.status(), both.toString());
        assertTrue(both.body().contains("admin-and-approver"), both.body());

        Gateway.Reply created = gateway().call("POST", "officials", gateway().token("admin"),
                Json.createObjectBuilder().add("login", login).add("displayName", "Ito")
                        .add("organization", "city-infopolicy").add("roles", Json.createArrayBuilder().add("APPROVER"))
                        .build());
        assertEquals(201, created.status(), created.toString());
        Gateway.Reply promoted = gateway().call("PUT", "officials/" + login, gateway().token("admin"),
                Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("APPROVER").add("ADMIN"))
                        .build());
        assertEquals(400, promoted.status(), "an approver is never made an administrator too: " + promoted);

        Gateway.Reply self = gateway().call("PUT", "officials/admin", gateway().token("admin"),
                Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("ADMIN").add("AUDITOR"))
                        .build());
        assertEquals(403, self.status(), self.toString());
        assertEquals(403, gateway().call("POST", "officials", gateway().token("approver1"), Json.createObjectBuilder()
                .add("login", login + "x").add("displayName", "X").add("organization", "city-infopolicy")
                .add("roles", Json.createArrayBuilder().add("REQUESTER")).build()).status(),
                "only an administrator creates officials");
        String officials = gateway().call("GET", "officials", gateway().token("auditor"), null).body();
        assertTrue(officials.contains("\"login\":\"" + login + "\"") && officials.contains("\"enrolled\":false"),
                officials);
    }

    @Test
    void anAdministratorManagesKeysAndTwoApproversApplyANewRecipientCertificateInTheConsole() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        java.nio.file.Path key = work.resolve("extra-" + suffix);
        assertTrue(Processes.run((String) null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                "second key " + suffix, "-f", key.toString()).succeeded());
        String publicKey = java.nio.file.Files.readString(java.nio.file.Path.of(key + ".pub")).trim();
        String fingerprint = Processes.run((String) null, "ssh-keygen", "-lf", key + ".pub").output().split(" ")[1];

        String channel = "console-change-" + suffix;
        java.nio.file.Path certificate = work.resolve("recipient-" + suffix + ".pem");
        Processes.Result made = Processes.run((String) null, "openssl", "req", "-x509", "-newkey", "rsa:3072",
                "-nodes", "-subj", "/CN=Call center " + suffix, "-days", "30", "-addext",
                "keyUsage=critical,keyEncipherment,digitalSignature", "-keyout",
                work.resolve("recipient-" + suffix + "-key.pem").toString(), "-out", certificate.toString());
        assertTrue(made.succeeded(), made.output());
        String pem = java.nio.file.Files.readString(certificate);
        String certificateSha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(
                "SHA-256").digest(java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes())).getEncoded()));

        try (Browser admin = Browser.open(base, "en")) {
            admin.logIn("admin");
            admin.go("/console/accounts.xhtml");
            admin.type("create:name", "scanner-" + suffix);
            admin.select("create:organization", "it-vendor");
            admin.click("create:send");
            assertTrue(admin.text("#messages").contains("The account was created"), admin.text("#messages"));
            assertTrue(admin.text("main").contains("scanner-" + suffix), "the new account is listed");
            admin.select("register:account", "callcenter");
            admin.type("register:publicKey", publicKey);
            admin.click("register:send");
            assertTrue(admin.text("#messages").contains("registered"), admin.text("#messages"));
            assertTrue(admin.text("main").contains(fingerprint), "the fingerprint ssh-keygen shows");
            admin.screenshot("12-accounts");
            admin.clickInRowWith(fingerprint);
            assertTrue(admin.text("#messages").contains("revoked"), admin.text("#messages"));

            admin.select("networks:account", "callcenter");
            admin.type("networks:cidrs", "127.0.0.0/8, 2001:db8::/32");
            admin.click("networks:save");
            assertTrue(admin.text("#messages").contains("allowed networks were saved"), admin.text("#messages"));
            assertTrue(admin.text("main").contains("127.0.0.0/8, 2001:db8:0:0:0:0:0:0/32"), admin.text("main"));
            admin.select("networks:account", "callcenter");
            admin.type("networks:cidrs", "");
            admin.click("networks:save");
            assertTrue(admin.all(".networks").get(1).getText().contains("any address"), "the limit is lifted");
            assertTrue(gateway().call("GET", "accounts", gateway().token("admin"), null).json()
                    .getJsonArray("accounts").getValuesAs(jakarta.json.JsonObject.class).stream()
                    .flatMap(account -> account.getJsonArray("keys").getValuesAs(jakarta.json.JsonObject.class)
                            .stream())
                    .anyMatch(entry -> entry.getString("fingerprint").equals(fingerprint)
                            && !entry.isNull("revokedAt")), "the key is revoked");

            admin.go("/console/channels.xhtml");
            admin.type("create:name", channel);
            admin.select("create:source", "benefits");
            admin.select("create:destination", "callcenter");
            admin.type("create:certificate", java.nio.file.Files.readString(
                    Gateway.demoFile("callcenter-recipient-cert.pem")));
            admin.type("create:requiredApprovals", "1");
            admin.check("create:approverOrganizations", "city-welfare", true);
            admin.check("create:approverOrganizations", "city-infopolicy", true);
            admin.type("create:fileNamePatterns", "residents-*.csv");
            admin.type("create:csvColumns", "resident_id, name");
            admin.type("create:maxFiles", "3");
            assertFalse(admin.valid("create:requiredApprovals"), "the form itself asks for two approvals at least");
            admin.type("create:requiredApprovals", "2");
            admin.click("create:send");
            assertTrue(admin.text("#messages").contains("created"), admin.text("#messages"));
            JsonObject created = gateway().call("GET", "channels", gateway().token("auditor"), null).json()
                    .getJsonArray("channels").getValuesAs(JsonObject.class).stream()
                    .filter(entry -> entry.getString("name").equals(channel)).findFirst().orElseThrow();
            assertEquals(2, created.getInt("requiredApprovals"));
            assertEquals("[\"residents-*.csv\"]", created.getJsonObject("dataContract")
                    .getJsonArray("fileNamePatterns").toString());
            assertEquals(3, created.getJsonObject("dataContract").getInt("maxFiles"), created.toString());
            admin.screenshot("14-channel-created");

            admin.select("propose:channel", channel);
            admin.type("propose:certificate", pem);
            admin.click("propose:send");
            assertTrue(admin.text("#messages").contains("Proposed"), admin.text("#messages"));
            assertFalse(admin.has("decide:approve"), "the proposing administrator cannot approve");
        }
        for (String approver : new String[] {"approver3", "approver4"}) {
            try (Browser browser = Browser.open(base, "ja")) {
                browser.logIn(approver);
                assertTrue(browser.has("channel-changes"), "the dashboard points to the pending change");
                browser.go("/console/channels.xhtml");
                assertTrue(browser.text("main").contains(certificateSha256), "approvers compare the fingerprint");
                browser.select("decide:change", changeId(channel));
                browser.type("decide:totp", Gateway.freshTotp(approver));
                browser.screenshot("13-channel-change-" + approver);
                browser.click("decide:approve");
                assertTrue(browser.text("#messages").contains("承認しました"), browser.text("#messages"));
            }
        }
        String channels = gateway().call("GET", "channels", gateway().token("auditor"), null).body();
        String changes = gateway().call("GET", "channel-changes", gateway().token("auditor"), null).body();
        assertTrue(changes.contains("\"state\":\"APPLIED\"") && changes.contains(certificateSha256), changes);
        assertTrue(channels.contains(channel), channels);
    }

    /** The id of the pending change of a channel, as the API lists it. */
    private String changeId(String channel) {
        return gateway().call("GET", "channel-changes", gateway().token("auditor"), null).json()
                .getJsonArray("changes").getValuesAs(JsonObject.class).stream()
                .filter(change -> change.getString("channel").equals(channel)
                        && change.getString("state").equals("PENDING"))
                .findFirst().orElseThrow().getJsonNumber("id").toString();
    }

    private static String code(String secret) {
        return Gateway.oathtool(secret, java.time.Instant.now().getEpochSecond());
    }

    private static String decodeQr(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
    }
}
