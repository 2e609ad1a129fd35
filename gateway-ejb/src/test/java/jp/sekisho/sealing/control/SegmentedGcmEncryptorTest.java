package jp.sekisho.sealing.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.testing.Processes;

/**
 * The segmented AES-GCM must be exactly AES-GCM: same ciphertext and tag as an independent implementation (Bouncy
 * Castle's own, which has no size limit), whatever the length and however the writes are cut, including across
 * many segment boundaries. Segments are 64 bytes here so that every path runs on little data.
 */
class SegmentedGcmEncryptorTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    private static final int SEGMENT = 64;

    static {
        new Random(7).nextBytes(KEY);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 4096 + 7, 100_000})
    void equalsAesGcmForEveryLength(int length) throws Exception {
        byte[] plaintext = new byte[length];
        new Random(length).nextBytes(plaintext);

        assertArrayEquals(reference(plaintext), segmented(plaintext, 13));
        assertArrayEquals(reference(plaintext), segmented(plaintext, 4096));
    }

    @Test
    void aSingleSegmentIsWhatTheJdkAloneProduces() throws Exception {
        byte[] plaintext = new byte[50];
        new Random(3).nextBytes(plaintext);
        SegmentedGcmEncryptor encryptor = new SegmentedGcmEncryptor(new SecretKeySpec(KEY, "AES"), NONCE,
                SegmentedGcmEncryptor.DEFAULT_SEGMENT_BYTES, new SecureRandom());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream stream = encryptor.getOutputStream(out)) {
            stream.write(plaintext);
        }
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, NONCE));
        byte[] expected = jdk.doFinal(plaintext);

        assertArrayEquals(expected, concat(out.toByteArray(), encryptor.getMAC()));
    }

    @Test
    void opensslOpensACmsMessageSpanningManySegments(@TempDir Path work) throws Exception {
        SelfSignedCredentials recipient = SelfSignedCredentials.generateRsa("Call center", 3072);
        byte[] plaintext = new byte[10_000];
        new Random(11).nextBytes(plaintext);
        Path sealed = work.resolve("sealed.p7m");
        SegmentedGcmEncryptor encryptor = new SegmentedGcmEncryptor(new SecretKeySpec(KEY, "AES"), NONCE, SEGMENT,
                new SecureRandom());
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient.certificate()));
        try (OutputStream file = Files.newOutputStream(sealed);
             OutputStream content = generator.open(file, encryptor)) {
            content.write(plaintext);
        }
        Path key = Files.writeString(work.resolve("key.pem"), recipient.privateKeyPem());
        Path certificate = Files.writeString(work.resolve("cert.pem"), recipient.certificatePem());

        Processes.run("openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", sealed.toString(), "-inkey",
                key.toString(), "-recip", certificate.toString(), "-out", work.resolve("opened").toString());

        assertArrayEquals(plaintext, Files.readAllBytes(work.resolve("opened")));
    }

    @Test
    void powersOfTheHashKeyMultiplyOut() {
        byte[] h = new byte[16];
        new Random(5).nextBytes(h);
        byte[] byMultiplying = org.bouncycastle.crypto.modes.gcm.GCMUtil.oneAsBytes();
        for (int exponent = 1; exponent <= 37; exponent++) {
            org.bouncycastle.crypto.modes.gcm.GCMUtil.multiply(byMultiplying, h);
            assertArrayEquals(byMultiplying, SegmentedGcmEncryptor.power(h, exponent), "H^" + exponent);
        }
    }

    @Test
    void refusesMoreThanTheCounterCanCover() {
        assertEquals(68_719_476_704L, SegmentedGcmEncryptor.MAX_MESSAGE_BYTES);
        assertThrows(IllegalArgumentException.class, () -> new SegmentedGcmEncryptor(new SecretKeySpec(KEY, "AES"),
                NONCE, 100, new SecureRandom()));
    }

    private static byte[] segmented(byte[] plaintext, int writeSize) throws Exception {
        SegmentedGcmEncryptor encryptor = new SegmentedGcmEncryptor(new SecretKeySpec(KEY, "AES"), NONCE, SEGMENT,
                new SecureRandom());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream stream = encryptor.getOutputStream(out)) {
            for (int offset = 0; offset < plaintext.length; offset += writeSize) {
                stream.write(plaintext, offset, Math.min(writeSize, plaintext.length - offset));
            }
        }
        return concat(out.toByteArray(), encryptor.getMAC());
    }

    private static byte[] reference(byte[] plaintext) throws Exception {
        GCMBlockCipher gcm = new GCMBlockCipher(new AESEngine());
        gcm.init(true, new AEADParameters(new KeyParameter(KEY), 128, NONCE));
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int produced = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        produced += gcm.doFinal(out, produced);
        return Arrays.copyOf(out, produced);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
