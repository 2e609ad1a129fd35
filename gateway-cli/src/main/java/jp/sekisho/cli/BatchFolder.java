package jp.sekisho.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jp.sekisho.formats.FileNameRule;
import jp.sekisho.formats.Receipt.ReceivedFile;
import jp.sekisho.formats.RecordCounter;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.formats.ReleasedManifest.ListedFile;
import jp.sekisho.keys.CmsSignatures;

/**
 * A batch folder as pulled from the gateway: {@code manifest.json}, {@code manifest.json.p7s} and one {@code .p7m}
 * per file. Every check names the file and what did not match.
 */
final class BatchFolder {

    static final String MANIFEST = ReleasedManifest.FILE_NAME;
    static final String MANIFEST_SIGNATURE = ReleasedManifest.SIGNATURE_FILE_NAME;

    private static final int BUFFER_BYTES = 256 * 1024;
    private static final long PROGRESS_FROM_BYTES = 64L * 1024 * 1024;

    private final Path directory;
    private final byte[] manifestBytes;
    private final ReleasedManifest manifest;
    private final PrintStream progress;

    private BatchFolder(Path directory, byte[] manifestBytes, ReleasedManifest manifest, PrintStream progress) {
        this.directory = directory;
        this.manifestBytes = manifestBytes;
        this.manifest = manifest;
        this.progress = progress;
    }

    static BatchFolder read(Path directory, PrintStream progress) throws CheckFailed, IOException {
        if (!Files.isDirectory(directory)) {
            throw new CheckFailed(directory + ": is not a folder; pass the batch folder pulled from the gateway");
        }
        byte[] bytes = readRequired(directory.resolve(MANIFEST));
        ReleasedManifest manifest;
        try {
            manifest = ReleasedManifest.parse(bytes);
        } catch (IllegalArgumentException malformed) {
            throw new CheckFailed(MANIFEST + ": " + malformed.getMessage(), malformed);
        }
        requireNamesItCanWrite(manifest);
        return new BatchFolder(directory, bytes, manifest, progress);
    }

    ReleasedManifest manifest() {
        return manifest;
    }

    /** The gateway's signature over the released manifest, by exactly the given gateway certificate. */
    void verifySignature(X509Certificate gatewayCertificate) throws CheckFailed, IOException {
        byte[] signature = readRequired(directory.resolve(MANIFEST_SIGNATURE));
        try {
            CmsSignatures.verifyDetached(manifestBytes, signature, gatewayCertificate);
        } catch (CmsSignatures.InvalidSignature invalid) {
            throw new CheckFailed(MANIFEST_SIGNATURE + ": the gateway's signature over " + MANIFEST
                    + " is not valid: " + invalid.getMessage());
        }
    }

    /** The manifest is the one the approvers signed, and enough distinct officials (not the requester) approved it. */
    void verifyApprovals() throws CheckFailed {
        if (!manifest.matchesDigest()) {
            throw new CheckFailed(MANIFEST + ": the manifest does not match its digest " + manifest.manifestDigest()
                    + "; it was changed after the approvals");
        }
        Set<String> approvers = manifest.distinctApprovers();
        int required = Math.max(2, manifest.requiredApprovals());
        if (approvers.size() < required) {
            throw new CheckFailed(MANIFEST + ": " + approvers.size() + " distinct approval(s) of this manifest "
                    + approvers + ", but " + required + " are required; do not use this batch");
        }
    }

    /** Decrypts every file without keeping any plaintext, and checks it against the manifest. */
    List<ReceivedFile> verifyFiles(Unsealer unsealer) throws CheckFailed, IOException {
        List<ReceivedFile> verified = new ArrayList<>();
        for (ListedFile file : manifest.files()) {
            verified.add(check(file, unsealer, OutputStream.nullOutputStream()));
        }
        return verified;
    }

    /**
     * Writes every file's plaintext into {@code out}, each under a hidden partial name that becomes the real name
     * only after its data matched the manifest again; nothing that failed remains.
     */
    void writeFiles(Unsealer unsealer, Path out) throws CheckFailed, IOException {
        Files.createDirectories(out);
        for (ListedFile file : manifest.files()) {
            if (Files.exists(resolve(out, file.name()))) {
                throw new CheckFailed(out.resolve(file.name()) + ": exists already; nothing was overwritten");
            }
        }
        int index = 0;
        for (ListedFile file : manifest.files()) {
            // Not derived from the file's name, which may already use nearly all the bytes a file system allows.
            Path partial = out.resolve(".sekisho-partial-" + ++index);
            try (OutputStream plaintext = Files.newOutputStream(partial)) {
                check(file, unsealer, plaintext);
            } catch (CheckFailed | IOException | RuntimeException failure) {
                Files.deleteIfExists(partial);
                throw failure;
            }
            Files.move(partial, resolve(out, file.name()));
        }
    }

    private ReceivedFile check(ListedFile file, Unsealer unsealer, OutputStream plaintextOut)
            throws CheckFailed, IOException {
        Path sealed = resolve(directory, file.sealedName());
        if (!Files.isRegularFile(sealed)) {
            throw new CheckFailed(file.sealedName() + ": is listed in the manifest but missing from " + directory);
        }
        long sealedSize = Files.size(sealed);
        if (sealedSize != file.sealedSize()) {
            throw new CheckFailed(file.sealedName() + ": has " + sealedSize + " bytes; the signed manifest lists "
                    + file.sealedSize() + " (incomplete download or changed file)");
        }
        String sealedSha256 = sha256Of(sealed);
        if (!sealedSha256.equals(file.sealedSha256())) {
            throw new CheckFailed(file.sealedName() + ": its SHA-256 is " + sealedSha256
                    + "; the signed manifest lists " + file.sealedSha256() + " (the sealed file was changed)");
        }
        MessageDigest sha256 = sha256();
        RecordCounter records = RecordCounter.forFile(file.name());
        long size = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        long nextReport = PROGRESS_FROM_BYTES;
        try (InputStream in = unsealer.open(sealed)) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, read);
                records.update(buffer, 0, read);
                plaintextOut.write(buffer, 0, read);
                size += read;
                if (size >= nextReport && file.size() > 0) {
                    progress.printf("  %s: %d%% (%,d of %,d bytes)%n", file.name(), size * 100 / file.size(), size,
                            file.size());
                    nextReport += PROGRESS_FROM_BYTES;
                }
            }
        } catch (IOException | RuntimeException broken) {
            throw new CheckFailed(file.sealedName() + ": decryption failed, the data is not authentic ("
                    + Unsealer.describe(broken) + ")", broken);
        }
        String plaintextSha256 = HexFormat.of().formatHex(sha256.digest());
        if (size != file.size() || !plaintextSha256.equals(file.sha256())) {
            throw new CheckFailed(file.name() + ": decrypted to " + size + " bytes with SHA-256 " + plaintextSha256
                    + "; the manifest lists " + file.size() + " bytes with SHA-256 " + file.sha256());
        }
        if (records.records() != file.records()) {
            throw new CheckFailed(file.name() + ": has " + records.records() + " records; the manifest lists "
                    + file.records());
        }
        progress.printf("  %s: verified, %,d bytes, %,d records, SHA-256 %s%n", file.name(), size, file.records(),
                plaintextSha256);
        return new ReceivedFile(file.name(), size, plaintextSha256, records.records());
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] readRequired(Path file) throws CheckFailed, IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            throw new CheckFailed(file.getFileName() + ": missing from " + file.getParent()
                    + "; pull the whole batch folder");
        }
    }

    /**
     * Names come from the gateway's signed manifest, yet each is held to the gateway's own file-name rule before
     * anything is written or printed: nothing leaves the output folder or hides in it, no control or bidirectional
     * character reaches the terminal, and no two names are one file on a disk that ignores letter case.
     */
    private static void requireNamesItCanWrite(ReleasedManifest manifest) throws CheckFailed {
        Map<String, String> byCollisionKey = new HashMap<>();
        for (ListedFile file : manifest.files()) {
            Optional<FileNameRule.Breach> breach = FileNameRule.breach(file.name());
            if (breach.isPresent()) {
                throw new CheckFailed(MANIFEST + ": it lists the file name \"" + escaped(file.name())
                        + "\", which breaks the file-name rule: " + breach.get().sentence());
            }
            if (!file.sealedName().equals(file.name() + ".p7m")) {
                throw new CheckFailed(MANIFEST + ": it lists \"" + escaped(file.sealedName()) + "\" as the sealed "
                        + "file of \"" + file.name() + "\"; the gateway names it \"" + file.name() + ".p7m\"");
            }
            String same = byCollisionKey.put(FileNameRule.collisionKey(file.name()), file.name());
            if (same != null) {
                throw new CheckFailed(MANIFEST + ": it lists \"" + same + "\" and \"" + file.name()
                        + "\", which would be one file on Windows or macOS");
            }
        }
    }

    /**
     * A file of the batch in a folder. Java makes paths in the locale's encoding: under a POSIX locale (ASCII) it
     * cannot name a Japanese file at all, which is said before anything is read or written.
     */
    private static Path resolve(Path folder, String name) throws CheckFailed {
        try {
            return folder.resolve(name);
        } catch (InvalidPathException unencodable) {
            throw new CheckFailed(name + ": this locale's file-name encoding (" + System.getProperty("sun.jnu.encoding")
                    + ") cannot name it; run sekisho-cli under a UTF-8 locale, such as LC_ALL=C.UTF-8", unencodable);
        }
    }

    /** A name as the terminal may show it: what is not a visible character is written as its code point. */
    private static String escaped(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(codePoint -> {
            int type = Character.getType(codePoint);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE;
            shown.append(invisible ? String.format("\\u{%04X}", codePoint) : Character.toString(codePoint));
        });
        return shown.toString();
    }
}
