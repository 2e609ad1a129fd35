package jp.sekisho.sealing.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.formats.RecordCounter;
import jp.sekisho.keys.SelfSignedCredentials;

class SealerTest {

    private static final int FEW_MEGABYTES = 3 * 1024 * 1024 + 13;

    private static SelfSignedCredentials rsaRecipient;
    private static SelfSignedCredentials ecP256Recipient;
    private static SelfSignedCredentials ecP384Recipient;

    @TempDir
    Path workDirectory;

    @BeforeAll
    static void generateRecipients() {
        rsaRecipient = SelfSignedCredentials.generateRsa("City benefits export", 3072);
        ecP256Recipient = SelfSignedCredentials.generateEc("Call center P-256", "P-256");
        ecP384Recipient = SelfSignedCredentials.generateEc("Call center P-384", "P-384");
    }

    @Test
    void opensslDecryptsRsaSealedCsvToTheOriginalBytes() throws Exception {
        byte[] plaintext = randomTextWithManyNewlines(FEW_MEGABYTES, 1);
        Path sealed = workDirectory.resolve("residents.csv.p7m");

        SealedFile figures = sealInOddChunks(sealerFor(rsaRecipient), plaintext, true, sealed, 2);

        assertArrayEquals(plaintext, opensslDecrypt(sealed, rsaRecipient));
        assertEquals(plaintext.length, figures.size());
        assertEquals(bytewiseRecordCount(plaintext) - 1, figures.records());
    }

    @Test
    void opensslDecryptsEcP256SealedBinaryToTheOriginalBytes() throws Exception {
        byte[] plaintext = randomTextWithManyNewlines(FEW_MEGABYTES, 3);
        Path sealed = workDirectory.resolve("scan.bin.p7m");

        SealedFile figures = sealInOddChunks(sealerFor(ecP256Recipient), plaintext, false, sealed, 4);

        assertArrayEquals(plaintext, opensslDecrypt(sealed, ecP256Recipient));
        assertEquals(bytewiseRecordCount(plaintext), figures.records());
    }

    @Test
    void everyRecipientOfASharedFileCanDecryptItWithOpenssl() throws Exception {
        byte[] plaintext = randomTextWithManyNewlines(200_003, 5);
        Path sealed = workDirectory.resolve("shared.txt.p7m");
        Sealer sealer = new Sealer(List.of(rsaRecipient.certificate(), ecP256Recipient.certificate(),
                ecP384Recipient.certificate()), Instant.now());

        sealInOddChunks(sealer, plaintext, false, sealed, 6);

        assertArrayEquals(plaintext, opensslDecrypt(sealed, rsaRecipient));
        assertArrayEquals(plaintext, opensslDecrypt(sealed, ecP256Recipient));
        assertArrayEquals(plaintext, opensslDecrypt(sealed, ecP384Recipient));
    }

    @Test
    void sealedFileUsesAes256GcmWithOaepSha256AndEcdhSha256Kdf() throws Exception {
        Sealer sealer = new Sealer(List.of(rsaRecipient.certificate(), ecP384Recipient.certificate()), Instant.now());
        CMSAuthEnvelopedData envelope = new CMSAuthEnvelopedData(seal(sealer, "a\n".getBytes(), false).ciphertext());

        assertEquals(CMSAlgorithm.AES256_GCM.getId(), envelope.getEncryptionAlgOID());
        for (RecipientInformation recipient : envelope.getRecipientInfos().getRecipients()) {
            AlgorithmIdentifier keyEncryption = recipient.getKeyEncryptionAlgorithm();
            if (recipient instanceof KeyTransRecipientInformation) {
                assertEquals(PKCSObjectIdentifiers.id_RSAES_OAEP, keyEncryption.getAlgorithm());
                RSAESOAEPparams oaep = RSAESOAEPparams.getInstance(keyEncryption.getParameters());
                assertEquals(NISTObjectIdentifiers.id_sha256, oaep.getHashAlgorithm().getAlgorithm());
                assertEquals(PKCSObjectIdentifiers.id_mgf1, oaep.getMaskGenAlgorithm().getAlgorithm());
                assertEquals(NISTObjectIdentifiers.id_sha256,
                        AlgorithmIdentifier.getInstance(oaep.getMaskGenAlgorithm().getParameters()).getAlgorithm());
            } else {
                assertTrue(recipient instanceof KeyAgreeRecipientInformation);
                assertEquals(CMSAlgorithm.ECDH_SHA256KDF, keyEncryption.getAlgorithm());
                assertEquals(CMSAlgorithm.AES256_WRAP,
                        AlgorithmIdentifier.getInstance(keyEncryption.getParameters()).getAlgorithm());
            }
        }
        assertEquals(2, envelope.getRecipientInfos().size());
    }

    @Test
    void recordCountIgnoresCsvHeaderLine() throws IOException {
        byte[] csv = "name,ward\nSato,Chuo\nSuzuki,Kita\n".getBytes(StandardCharsets.UTF_8);

        assertEquals(2, seal(sealerFor(rsaRecipient), csv, true).figures().records());
        assertEquals(3, seal(sealerFor(rsaRecipient), csv, false).figures().records());
    }

    @Test
    void recordCountCountsUnterminatedLastLine() throws IOException {
        byte[] csv = "name,ward\nSato,Chuo\nSuzuki,Kita".getBytes(StandardCharsets.UTF_8);

        assertEquals(2, seal(sealerFor(rsaRecipient), csv, true).figures().records());
    }

    @Test
    void emptyFileHasZeroRecords() throws Exception {
        assertEquals(new SealedFile(0, sha256Hex(new byte[0]), 0),
                seal(sealerFor(rsaRecipient), new byte[0], true).figures());
        assertEquals(0, seal(sealerFor(rsaRecipient), "name,ward\n".getBytes(), true).figures().records());
        assertEquals(1, seal(sealerFor(rsaRecipient), "\n".getBytes(), false).figures().records());
    }

    @Test
    void opensslDecryptsAnEmptySealedFileToNoBytes() throws Exception {
        Path sealed = workDirectory.resolve("empty.p7m");

        sealInOddChunks(sealerFor(rsaRecipient), new byte[0], false, sealed, 7);

        assertArrayEquals(new byte[0], opensslDecrypt(sealed, rsaRecipient));
    }

    @Test
    void sha256MatchesTheJdkDigestOfThePlaintext() throws Exception {
        byte[] plaintext = randomTextWithManyNewlines(1_000_003, 9);

        SealedFile figures = sealInOddChunks(sealerFor(ecP384Recipient), plaintext, false,
                workDirectory.resolve("digest.p7m"), 10);

        assertEquals(sha256Hex(plaintext), figures.sha256Hex());
        assertEquals(plaintext.length, figures.size());
    }

    @Test
    void rejectsRsaKeyShorterThan3072Bits() {
        SelfSignedCredentials weak = SelfSignedCredentials.generateRsa("Legacy contractor", 2048);

        IllegalArgumentException rejection = assertThrows(IllegalArgumentException.class,
                () -> new Sealer(List.of(rsaRecipient.certificate(), weak.certificate()), Instant.now()));

        assertTrue(rejection.getMessage().contains("CN=Legacy contractor"), rejection.getMessage());
        assertTrue(rejection.getMessage().contains("2048 bits"), rejection.getMessage());
    }

    @Test
    void rejectsEcKeyOnAnUnsupportedCurve() {
        SelfSignedCredentials bitcoinCurve = SelfSignedCredentials.generateEc("Odd curve", "secp256k1");

        IllegalArgumentException rejection = assertThrows(IllegalArgumentException.class,
                () -> new Sealer(List.of(bitcoinCurve.certificate()), Instant.now()));

        assertTrue(rejection.getMessage().contains("CN=Odd curve"), rejection.getMessage());
        assertTrue(rejection.getMessage().contains("P-256 and P-384"), rejection.getMessage());
    }

    @Test
    void rejectsCertificateWhoseKeyUsageForbidsEncryption() throws Exception {
        X509Certificate signingOnly = certificateWithKeyUsage(rsaRecipient, KeyUsage.digitalSignature);

        IllegalArgumentException rejection = assertThrows(IllegalArgumentException.class,
                () -> new Sealer(List.of(signingOnly), Instant.now()));

        assertTrue(rejection.getMessage().contains("keyEncipherment"), rejection.getMessage());
    }

    @Test
    void rejectsAnEmptyRecipientList() {
        assertThrows(IllegalArgumentException.class, () -> new Sealer(List.of(), Instant.now()));
    }

    @Test
    void eachFileGetsAFreshContentKey() throws Exception {
        Sealer sealer = sealerFor(rsaRecipient);
        byte[] plaintext = "name,ward\nSato,Chuo\n".getBytes(StandardCharsets.UTF_8);

        Sealed first = seal(sealer, plaintext, true);
        Sealed second = seal(sealer, plaintext, true);

        assertFalse(Arrays.equals(first.ciphertext(), second.ciphertext()));
        assertFalse(Arrays.equals(encryptedContentKey(first), encryptedContentKey(second)));
        assertEquals(first.figures(), second.figures());
    }

    @Test
    void writingAfterFinishFails() throws IOException {
        SealingStream stream = sealerFor(rsaRecipient).open(new ByteArrayOutputStream(), false);
        stream.write("done\n".getBytes());
        stream.finish();

        assertThrows(IOException.class, () -> stream.write('x'));
        assertThrows(IOException.class, () -> stream.write(new byte[10], 0, 10));
        assertThrows(IOException.class, stream::finish);
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        SealingStream stream = sealerFor(rsaRecipient).open(new ByteArrayOutputStream(), false);
        stream.close();

        assertThrows(IOException.class, () -> stream.write('x'));
        assertThrows(IOException.class, stream::finish);
    }

    @Test
    void refusesToGrowPastTheLargestSealableSizeAndCannotBeFinishedAfterwards() throws IOException {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        SealingStream stream = new SealingStream(new ByteArrayOutputStream(), ciphertext, false, 10);
        stream.write(new byte[9]);
        stream.write('x');

        IOException tooLarge = assertThrows(IOException.class, () -> stream.write(new byte[1]));

        assertTrue(tooLarge.getMessage().contains("10 bytes"), tooLarge.getMessage());
        assertThrows(IOException.class, stream::finish);
        assertEquals(64L * 1024 * 1024 * 1024 - 32, Sealer.MAX_FILE_BYTES);
    }

    @Test
    void abandonedUploadClosesTheCiphertextWithoutAStructureOpensslAccepts() throws Exception {
        Path sealed = workDirectory.resolve("abandoned.p7m");
        CloseTrackingOutputStream ciphertext = new CloseTrackingOutputStream(Files.newOutputStream(sealed));
        SealingStream stream = sealerFor(rsaRecipient).open(ciphertext, false);
        stream.write(randomTextWithManyNewlines(100_000, 11));

        stream.close();

        assertTrue(ciphertext.closed);
        Process openssl = startOpensslDecrypt(sealed, rsaRecipient, workDirectory.resolve("abandoned"));
        assertNotEquals(0, openssl.waitFor());
    }

    @Test
    void hasHeaderLineForCsvAndTsvInAnyCase() {
        assertTrue(RecordCounter.hasHeaderLine("residents.csv"));
        assertTrue(RecordCounter.hasHeaderLine("RESIDENTS.TSV"));
        assertTrue(RecordCounter.hasHeaderLine("benefits.2025.Csv"));
        assertFalse(RecordCounter.hasHeaderLine("residents.csv.zip"));
        assertFalse(RecordCounter.hasHeaderLine("scan.pdf"));
        assertFalse(RecordCounter.hasHeaderLine("csv"));
    }

    @Test
    void credentialsDoNotShowThePrivateKey() {
        String shown = rsaRecipient.toString();
        String privateKeyBody = rsaRecipient.privateKeyPem().split("\n")[1];

        assertTrue(shown.contains("CN=City benefits export"), shown);
        assertFalse(shown.contains(privateKeyBody));
    }

    @Test
    void certificatePemParsesBackToTheSameCertificate() {
        assertEquals(ecP256Recipient.certificate(),
                SelfSignedCredentials.parseCertificatePem(ecP256Recipient.certificatePem()));
    }

    private static Sealer sealerFor(SelfSignedCredentials recipient) {
        return new Sealer(List.of(recipient.certificate()), Instant.now());
    }

    private record Sealed(SealedFile figures, byte[] ciphertext) {
    }

    private static Sealed seal(Sealer sealer, byte[] plaintext, boolean hasHeaderLine) throws IOException {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        SealingStream stream = sealer.open(ciphertext, hasHeaderLine);
        stream.write(plaintext);
        return new Sealed(stream.finish(), ciphertext.toByteArray());
    }

    /**
     * Writes like a real upload does not: odd-sized chunks at odd offsets of a larger buffer, with
     * single-byte writes mixed in, so the SWAR newline count is exercised at every alignment.
     */
    private static SealedFile sealInOddChunks(Sealer sealer, byte[] plaintext, boolean hasHeaderLine,
                                              Path target, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] staging = new byte[70_000];
        try (SealingStream stream = sealer.open(Files.newOutputStream(target), hasHeaderLine)) {
            int position = 0;
            while (position < plaintext.length) {
                if (random.nextInt(10) == 0) {
                    stream.write(plaintext[position++]);
                    continue;
                }
                int length = Math.min(plaintext.length - position, 1 + random.nextInt(65_537));
                int offset = random.nextInt(staging.length - length + 1);
                System.arraycopy(plaintext, position, staging, offset, length);
                stream.write(staging, offset, length);
                position += length;
            }
            return stream.finish();
        }
    }

    private byte[] opensslDecrypt(Path sealed, SelfSignedCredentials recipient) throws Exception {
        Path decrypted = Files.createTempFile(workDirectory, "decrypted", ".out");
        Process openssl = startOpensslDecrypt(sealed, recipient, decrypted);
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
        assertEquals(0, openssl.exitValue(), "openssl cms -decrypt failed: " + output);
        return Files.readAllBytes(decrypted);
    }

    private Process startOpensslDecrypt(Path sealed, SelfSignedCredentials recipient, Path decrypted)
            throws IOException {
        Path key = Files.createTempFile(workDirectory, "key", ".pem");
        Path certificate = Files.createTempFile(workDirectory, "cert", ".pem");
        Files.writeString(key, recipient.privateKeyPem());
        Files.writeString(certificate, recipient.certificatePem());
        return new ProcessBuilder("openssl", "cms", "-decrypt", "-binary", "-inform", "DER",
                "-in", sealed.toString(), "-inkey", key.toString(), "-recip", certificate.toString(),
                "-out", decrypted.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static byte[] encryptedContentKey(Sealed sealed) throws Exception {
        AuthEnvelopedData envelope = AuthEnvelopedData.getInstance(
                ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed.ciphertext())).getContent());
        RecipientInfo recipient = RecipientInfo.getInstance(envelope.getRecipientInfos().getObjectAt(0));
        return KeyTransRecipientInfo.getInstance(recipient.getInfo()).getEncryptedKey().getOctets();
    }

    /** Random bytes where about one in twenty is a newline, so line counting has work to do. */
    private static byte[] randomTextWithManyNewlines(int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(20) == 0) {
                bytes[i] = '\n';
            }
        }
        return bytes;
    }

    private static long bytewiseRecordCount(byte[] bytes) {
        long newlines = bytewiseNewlines(bytes, 0, bytes.length);
        boolean unterminatedLastLine = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        return newlines + (unterminatedLastLine ? 1 : 0);
    }

    private static long bytewiseNewlines(byte[] bytes, int offset, int length) {
        long newlines = 0;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                newlines++;
            }
        }
        return newlines;
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Re-issues a credential's key in a certificate carrying a different key usage. */
    private static X509Certificate certificateWithKeyUsage(SelfSignedCredentials source, int keyUsage)
            throws Exception {
        X509Certificate original = source.certificate();
        X500Name subject = X500Name.getInstance(original.getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.TEN,
                original.getNotBefore(), original.getNotAfter(), subject, original.getPublicKey());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        X509CertificateHolder holder = builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(source.privateKey()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static final class CloseTrackingOutputStream extends java.io.FilterOutputStream {
        boolean closed;

        CloseTrackingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
