package jp.sekisho.sealing.control;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jp.sekisho.keys.SelfSignedCredentials;

/**
 * Runs the transfer path's hot code (SSH packet decryption and MAC, sealing with AES-GCM, hashing, record counting)
 * on throwaway data right after the start, so that the JIT compiles it with the CPU's AES, CLMUL and SHA
 * instructions before the first real upload. Without it the first gigabyte after a start moves at a third of the
 * speed, because the JDK's GHASH runs as plain Java until its callers are compiled. Many small calls reach the
 * compile thresholds with little data: about 100 MiB, a few seconds of one core, in the background.
 */
public final class JitWarmup {

    private static final Logger LOG = Logger.getLogger(JitWarmup.class.getName());
    private static final int CALLS = 20_000;
    private static final int SMALL = 1024;
    private static final int PACKET = 4 * 1024;

    private JitWarmup() {
    }

    /** Runs the warm-up; {@code now} is the moment its throwaway recipient certificate must be valid at. */
    public static void run(Instant now) {
        long start = System.nanoTime();
        try {
            byte[] data = sampleData(PACKET);
            byte[] out = new byte[PACKET + 64];
            SecretKeySpec key = new SecretKeySpec(Arrays.copyOf(data, 32), "AES");
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[16]));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(data, 0, 32, "HmacSHA256"));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Sealing streams one GCM message through many update calls: the JDK's GHASH is fast only once its
            // update method is compiled with the CLMUL intrinsic inlined, which takes thousands of calls.
            Cipher sealingGcm = Cipher.getInstance("AES/GCM/NoPadding");
            sealingGcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
            for (int call = 0; call < CALLS; call++) {
                sealingGcm.update(data, 0, SMALL, out, 0);
                ctr.update(data, 0, PACKET, out, 0);
                mac.update(data, 0, PACKET);
                mac.doFinal();
                sha256.update(data, 0, SMALL);
                gcmPacket(key, data, out, call);
            }
            sha256.digest();
            sealingGcm.doFinal(out, 0);
            SealingStream sealing = new Sealer(List.of(SelfSignedCredentials.generateEc("JIT warm-up", "P-256")
                    .certificate()), now).open(OutputStream.nullOutputStream(), true);
            for (int call = 0; call < CALLS; call++) {
                sealing.write(data, 0, PACKET);
            }
            sealing.finish();
            LOG.info(() -> "Transfer path compiled (JIT warm-up) in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // Only speed is at stake: the real transfers compile the same code, later.
            LOG.warning(() -> "JIT warm-up skipped: " + e);
        }
    }

    /** One AES-GCM packet as an SSH transport with aes-gcm handles it: fresh nonce, encrypt, tag. */
    private static void gcmPacket(SecretKeySpec key, byte[] data, byte[] out, int call)
            throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        nonce[8] = (byte) (call >>> 24);
        nonce[9] = (byte) (call >>> 16);
        nonce[10] = (byte) (call >>> 8);
        nonce[11] = (byte) call;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        gcm.doFinal(data, 0, SMALL, out, 0);
    }

    /** CSV-like bytes, so that the record counter sees newlines. */
    private static byte[] sampleData(int size) {
        byte[] data = new byte[size];
        for (int index = 0; index < size; index++) {
            data[index] = index % 64 == 63 ? (byte) '\n' : (byte) ('0' + index % 10);
        }
        return data;
    }
}
