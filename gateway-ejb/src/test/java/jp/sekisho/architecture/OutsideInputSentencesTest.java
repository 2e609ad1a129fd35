package jp.sekisho.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import jp.sekisho.channel.control.RecipientCertificates;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.formats.DeletionStatement;
import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.ClientNetwork;
import jp.sekisho.keys.AuthorizedKey;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.BatchId;
import jp.sekisho.transfer.entity.FileName;

/**
 * Every parser of outside input (key lines, certificates, networks, names, windows, contracts, receipts, manifests,
 * deletion certificates, CMS signatures) refuses hostile input with a sentence of its own, which the API, the console
 * and the SFTP endpoint show as it is: never a library's message, a class name or a stack. The sweep runs every
 * parser over the inputs that make libraries speak (truncated DER, bad base64, broken JSON, missing fields).
 */
class OutsideInputSentencesTest {

    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|org\\.bouncycastle|\\bjava\\.|jakarta\\.|parsson|\\bat [\\w.$]+\\(|line no=|offset=");
    private static final String GARBAGE_PEM = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----";

    @TestFactory
    Stream<DynamicTest> everyParserOfOutsideInputRefusesInItsOwnWords() {
        SelfSignedCredentials signer = SelfSignedCredentials.generateEcSigning("receipt signer");
        SelfSignedCredentials other = SelfSignedCredentials.generateRsa("another recipient", 2048);
        Map<String, Executable> hostile = new LinkedHashMap<>();
        for (String line : List.of("", "ssh-ed25519", "ssh-ed25519 !!!not-base64", "ssh-ed25519 AAAAC3NzaC1lZDI1",
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAAQ==", "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB",
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAAABBA==", "ssh-dss AAAA",
                "command=\"rm -rf /\" ssh-ed25519 AAAA")) {
            hostile.put("ssh key line [" + line + "]", () -> AuthorizedKey.parse(line));
        }
        for (String certificate : List.of("", "%%%", "bm90IGEgY2VydGlmaWNhdGU=", GARBAGE_PEM,
                "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----")) {
            hostile.put("certificate [" + certificate + "]",
                    () -> SelfSignedCredentials.normalizedCertificatePem(certificate));
            hostile.put("recipient certificate [" + certificate + "]",
                    () -> RecipientCertificates.usable(certificate, Instant.now()));
        }
        hostile.put("recipient certificate not valid yet",
                () -> RecipientCertificates.usable(other.certificatePem(), Instant.now().minus(Duration.ofDays(2))));
        hostile.put("recipient certificate that only signs",
                () -> RecipientCertificates.usable(signer.certificatePem(), Instant.now()));
        for (String cidr : List.of("", "10.0.0.0/33", "::1/200", "example.org/8", "10.0.0.0/x", "1.2.3.4.5/8")) {
            hostile.put("network [" + cidr + "]", () -> ClientNetwork.parse(cidr));
        }
        for (String name : List.of("", "Upper", "a/b", "x".repeat(65), "..", "名前")) {
            hostile.put("account name [" + name + "]", () -> new AccountName(name));
            hostile.put("channel name [" + name + "]", () -> new ChannelName(name));
        }
        hostile.put("batch id", () -> new BatchId("not-a-uuid"));
        hostile.put("windows", () -> new Windows(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1), 1));
        hostile.put("downloads", () -> new Windows(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 0));
        for (String pattern : List.of("../*.csv", "[abc", "{csv,tsv", "x\\")) {
            hostile.put("file-name pattern [" + pattern + "]", () -> DataContract.fromJson(jakarta.json.Json
                    .createReader(new java.io.StringReader(jakarta.json.Json.createObjectBuilder()
                            .add("fileNamePatterns", jakarta.json.Json.createArrayBuilder().add(pattern)).build()
                            .toString())).readObject()));
        }
        for (String name : List.of("", "..", "a/b", "a\u202Eb", "CON.txt", "x.p7m", "\uFFFD.csv", "a".repeat(300))) {
            hostile.put("file name [" + name + "]", () -> FileName.of(name));
        }
        for (String json : List.of("", "{", "[]", "null", "{\"format\":1}", "{\"format\":\"sekisho-receipt/1\"}",
                "{\"format\":\"sekisho-receipt/1\",\"files\":[{\"size\":1e99}]}",
                "{\"format\":\"sekisho-deletion-certificate/1\",\"deletedAt\":\"yesterday\"}",
                "{\"format\":\"sekisho-released-manifest/1\",\"manifest\":\"x\"}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            hostile.put("receipt " + json, () -> Receipt.parse(bytes));
            hostile.put("released manifest " + json, () -> ReleasedManifest.parse(bytes));
            hostile.put("deletion certificate " + json, () -> DeletionStatement.parse(bytes));
        }
        byte[] signedByAnother = CmsSignatures.signEncapsulated("{}".getBytes(StandardCharsets.UTF_8),
                other.privateKey(), other.certificate());
        for (byte[] signature : List.of(new byte[0], "not CMS".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x30, (byte) 0x82, 0x10, 0x00, 0x06}, signedByAnother)) {
            hostile.put("encapsulated signature of " + signature.length + " bytes",
                    () -> CmsSignatures.verifyEncapsulated(signature, signer.certificate()));
            hostile.put("detached signature of " + signature.length + " bytes",
                    () -> CmsSignatures.verifyDetached(new byte[] {1}, signature, signer.certificate()));
        }
        return hostile.entrySet().stream().map(each -> DynamicTest.dynamicTest(each.getKey(),
                () -> assertOwnSentence(assertThrows(RuntimeException.class, each.getValue()))));
    }

    /** The refusal is one the adapters show, and what they show carries nothing of a library. */
    private static void assertOwnSentence(RuntimeException refusal) {
        assertTrue(refusal instanceof InvalidValue || refusal instanceof Refused
                || refusal instanceof CmsSignatures.InvalidSignature,
                () -> "an adapter would not show " + refusal.getClass().getName() + ": " + refusal.getMessage());
        String shown = refusal.getMessage();
        assertNotNull(shown);
        assertFalse(shown.isBlank());
        assertFalse(INTERNALS.matcher(shown).find(), () -> "internals in \"" + shown + "\"");
        for (Throwable cause = refusal.getCause(); cause != null; cause = cause.getCause()) {
            String libraryWords = cause.getMessage();
            if (libraryWords != null && libraryWords.length() > 3) {
                assertFalse(shown.contains(libraryWords), () -> "\"" + shown + "\" repeats its cause's message");
            }
        }
    }
}
