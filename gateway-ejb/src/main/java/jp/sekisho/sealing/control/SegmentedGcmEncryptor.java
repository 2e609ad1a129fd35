package jp.sekisho.sealing.control;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * AES-GCM (one message, one nonce, a 16-byte tag) for files beyond the 2 GiB that the JDK's AES-GCM accepts, still
 * on the JDK's hardware-accelerated AES and GHASH.
 * <p>
 * The first segment (1 GiB) is plain SunJCE AES-GCM under the message's nonce N. Every later segment is encrypted
 * with AES-CTR continuing N's counter, and its GHASH is taken by the JDK too: the ciphertext is masked with the
 * keystream of a fresh internal nonce N', so that SunJCE AES-GCM under N' turns it back into exactly that
 * ciphertext and authenticates it. GHASH is linear, so each segment's contribution is recovered from its internal
 * tag (tag' XOR E_K(N'||1) XOR L'·H) and the contributions are chained with powers of H into the tag of the whole
 * message. Internal keystreams and tags never leave this object. Files up to 1 GiB take the first path only and
 * are byte for byte what SunJCE alone produces.
 * <p>
 * One instance seals one file; not thread-safe.
 */
final class SegmentedGcmEncryptor implements OutputAEADEncryptor {

    static final int TAG_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    /** The 32-bit block counter of GCM starts at 2 for data and must not wrap: 2^32 - 2 blocks. */
    static final long MAX_MESSAGE_BYTES = ((1L << 32) - 2) * 16;

    private static final String PROVIDER = "SunJCE";
    private static final int BLOCK = 16;

    private final SecretKey key;
    private final byte[] nonce;
    private final long segmentBytes;
    private final SecureRandom random;
    private byte[] mac;

    SegmentedGcmEncryptor(SecretKey key, SecureRandom random) {
        this(key, randomNonce(random), DEFAULT_SEGMENT_BYTES, random);
    }

    /** For tests: a chosen nonce and small segments, so that every path runs on little data. */
    SegmentedGcmEncryptor(SecretKey key, byte[] nonce, long segmentBytes, SecureRandom random) {
        if (segmentBytes <= 0 || segmentBytes % BLOCK != 0 || segmentBytes > Integer.MAX_VALUE - TAG_BYTES) {
            throw new IllegalArgumentException("a segment is a positive multiple of 16 bytes below 2 GiB");
        }
        if (key.getEncoded().length != 32) {
            throw new IllegalArgumentException("the content key must be an AES-256 key, as the CMS identifier says");
        }
        this.key = key;
        this.nonce = nonce.clone();
        this.segmentBytes = segmentBytes;
        this.random = random;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM, new GCMParameters(nonce, TAG_BYTES));
    }

    @Override
    public GenericKey getKey() {
        return new JceGenericKey(getAlgorithmIdentifier(), key);
    }

    @Override
    public OutputStream getOutputStream(OutputStream ciphertextOut) {
        return new EncryptingStream(ciphertextOut);
    }

    /** CMS authenticated attributes are not used: nothing may be written here. */
    @Override
    public OutputStream getAADStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException("no additional authenticated data");
            }
        };
    }

    @Override
    public byte[] getMAC() {
        if (mac == null) {
            throw new IllegalStateException("the tag exists once the content stream is closed");
        }
        return mac.clone();
    }

    private static byte[] randomNonce(SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    private final class EncryptingStream extends OutputStream {

        private final OutputStream out;
        private final byte[] hashKey;
        /** The chained contributions of the finished segments: sum of W_j · H^(blocks after segment j). */
        private byte[] chained;
        private long total;
        private long inSegment;
        private int segmentIndex;
        private Cipher messageGcm;
        private Cipher counter;
        private Cipher mask;
        private Cipher internalGcm;
        private byte[] internalNonce;
        private byte[] buffer = new byte[64 * 1024 + 2 * BLOCK];
        private byte[] masked = new byte[64 * 1024 + 2 * BLOCK];
        private boolean closed;

        EncryptingStream(OutputStream out) {
            this.out = out;
            try {
                this.hashKey = block(new byte[BLOCK]);
                messageGcm = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
                messageGcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available from " + PROVIDER, e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (closed) {
                throw new IOException("the sealed content was already finished");
            }
            if (length > MAX_MESSAGE_BYTES - total) {
                throw new IOException("AES-GCM protects at most " + MAX_MESSAGE_BYTES + " bytes in one message");
            }
            try {
                while (length > 0) {
                    if (inSegment == segmentBytes) {
                        finishSegment();
                        startSegment();
                    }
                    int part = (int) Math.min(length, Math.min(segmentBytes - inSegment, 64 * 1024));
                    encrypt(bytes, offset, part);
                    offset += part;
                    length -= part;
                    inSegment += part;
                    total += part;
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("sealing failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                finishSegment();
                byte[] lengths = lengthBlock(total);
                GCMUtil.multiply(lengths, hashKey);
                byte[] tag = block(counterBlock(nonce, 1));
                GCMUtil.xor(tag, chained);
                GCMUtil.xor(tag, lengths);
                mac = tag;
            } catch (GeneralSecurityException e) {
                throw new IOException("sealing failed: " + e.getMessage(), e);
            } finally {
                Arrays.fill(buffer, (byte) 0);
                Arrays.fill(masked, (byte) 0);
            }
            // The content stream's owner closes ciphertextOut itself; the tag goes after the content.
            out.flush();
        }

        private void encrypt(byte[] bytes, int offset, int length) throws GeneralSecurityException, IOException {
            if (segmentIndex == 0) {
                int produced = messageGcm.update(bytes, offset, length, buffer, 0);
                out.write(buffer, 0, produced);
                return;
            }
            int produced = counter.update(bytes, offset, length, buffer, 0);
            out.write(buffer, 0, produced);
            int maskedLength = mask.update(buffer, 0, produced, masked, 0);
            internalGcm.update(masked, 0, maskedLength, buffer, 0);
        }

        /** W_j = Y_j XOR L'_j·H, chained as acc = acc·H^(blocks of j) XOR W_j. */
        private void finishSegment() throws GeneralSecurityException, IOException {
            byte[] contribution;
            if (segmentIndex == 0) {
                byte[] rest = messageGcm.doFinal();
                out.write(rest, 0, rest.length - TAG_BYTES);
                contribution = Arrays.copyOfRange(rest, rest.length - TAG_BYTES, rest.length);
                GCMUtil.xor(contribution, block(counterBlock(nonce, 1)));
            } else {
                byte[] rest = internalGcm.doFinal();
                contribution = Arrays.copyOfRange(rest, rest.length - TAG_BYTES, rest.length);
                GCMUtil.xor(contribution, block(counterBlock(internalNonce, 1)));
            }
            byte[] segmentLengths = lengthBlock(inSegment);
            GCMUtil.multiply(segmentLengths, hashKey);
            GCMUtil.xor(contribution, segmentLengths);
            if (chained == null) {
                chained = contribution;
            } else {
                GCMUtil.multiply(chained, power(hashKey, (inSegment + BLOCK - 1) / BLOCK));
                GCMUtil.xor(chained, contribution);
            }
        }

        private void startSegment() throws GeneralSecurityException {
            segmentIndex++;
            inSegment = 0;
            long firstBlock = 2 + segmentIndex * (segmentBytes / BLOCK);
            counter = Cipher.getInstance("AES/CTR/NoPadding", PROVIDER);
            counter.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock(nonce, firstBlock)));
            internalNonce = randomNonce(random);
            mask = Cipher.getInstance("AES/CTR/NoPadding", PROVIDER);
            mask.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock(internalNonce, 2)));
            internalGcm = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
            internalGcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, internalNonce));
        }

        private byte[] block(byte[] input) throws GeneralSecurityException {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding", PROVIDER);
            aes.init(Cipher.ENCRYPT_MODE, key);
            return aes.doFinal(input);
        }
    }

    /** nonce || 32-bit big-endian counter: GCM's counter block for 96-bit nonces. */
    static byte[] counterBlock(byte[] nonce, long counter) {
        byte[] block = Arrays.copyOf(nonce, BLOCK);
        block[12] = (byte) (counter >>> 24);
        block[13] = (byte) (counter >>> 16);
        block[14] = (byte) (counter >>> 8);
        block[15] = (byte) counter;
        return block;
    }

    /** GHASH's final block without additional data: 64 zero bits, then the ciphertext's length in bits. */
    private static byte[] lengthBlock(long bytes) {
        byte[] block = new byte[BLOCK];
        long bits = bytes * 8;
        for (int index = 0; index < 8; index++) {
            block[15 - index] = (byte) (bits >>> (8 * index));
        }
        return block;
    }

    /** H^exponent in GF(2^128) with GCM's bit order, by square and multiply. */
    static byte[] power(byte[] hashKey, long exponent) {
        byte[] result = GCMUtil.oneAsBytes();
        byte[] base = hashKey.clone();
        for (long remaining = exponent; remaining > 0; remaining >>>= 1) {
            if ((remaining & 1) != 0) {
                GCMUtil.multiply(result, base);
            }
            byte[] square = base.clone();
            GCMUtil.multiply(square, base);
            base = square;
        }
        return result;
    }
}
