package jp.sekisho.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jp.sekisho.formats.AuditExport;
import jp.sekisho.formats.ChainVerdict;
import jp.sekisho.formats.ChainVerifier;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.formats.Receipt;
import jp.sekisho.formats.Receipt.ReceivedFile;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.keys.CmsSignatures;

/**
 * {@code sekisho-cli}: what a recipient does with a batch pulled from the gateway (open it, sign a receipt), and what
 * an auditor does with the audit trail (fetch an export, verify it offline).
 * Exit status 0 when every check passed, 1 when a check failed (the message says which file and which check), 2 for
 * wrong usage or an unreadable input.
 */
public final class SekishoCli {

    static final int OK = 0;
    static final int CHECK_FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage:
              sekisho-cli open <batch-dir> --key <pem> --cert <pem> --gateway-cert <pem> --out <dir>
                  verify the gateway's signature and the approvals, decrypt every file, check its SHA-256 and
                  record count against the manifest, and only then write the plaintext files into <dir>
              sekisho-cli receipt <batch-dir> --key <pem> --cert <pem> [--gateway-cert <pem>] [--out <file>]
                  verify as open does without writing plaintext, then write a receipt signed with your key
                  (default <batch-dir>/receipt.p7s); upload it into the batch folder on the gateway
              sekisho-cli verify-audit <export.jsonl> --gateway-cert <pem> [--checkpoint <checkpoint.json>]...
                  recompute the audit export's hash chain, check its checkpoints against the gateway certificate
                  and that it reaches and matches every checkpoint you kept apart (one line each, as exported);
                  names the first event that cannot be trusted and how the chain broke
              sekisho-cli export-audit --gateway <https-url> --login <auditor> --out <file> [--from <seq>]
                  [--to <seq>] [--totp <code>] [--cacert <pem>]
                  log in as an auditor and save the audit export (events and signed checkpoints) into <file>, for
                  verify-audit; the password comes from SEKISHO_PASSWORD or is asked, as is the code when --totp
                  is not given; --cacert trusts the authorities in <pem> for the gateway's certificate instead of
                  the JVM's trust store
            """;

    private final PrintStream out;
    private final PrintStream err;

    SekishoCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new SekishoCli(System.out, System.err).run(Arrays.asList(args)));
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            out.print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "open" -> open(new Arguments(rest, Set.of("key", "cert", "gateway-cert", "out")));
                case "receipt" -> receipt(new Arguments(rest, Set.of("key", "cert", "gateway-cert", "out")));
                case "verify-audit" -> verifyAudit(new Arguments(rest, Set.of("gateway-cert", "checkpoint"),
                        Set.of("checkpoint")));
                case "export-audit" -> exportAudit(new Arguments(rest, Set.of("gateway", "cacert", "login", "totp",
                        "from", "to", "out")));
                default -> throw new Arguments.UsageError("unknown command " + args.get(0));
            };
        } catch (Arguments.UsageError wrongUse) {
            err.println("sekisho-cli: " + wrongUse.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (CheckFailed failed) {
            err.println("REFUSED: " + failed.getMessage());
            return CHECK_FAILED;
        } catch (IOException unreadable) {
            err.println("sekisho-cli: " + Unsealer.describe(unreadable));
            return USAGE;
        }
    }

    private int open(Arguments arguments) throws CheckFailed, IOException {
        Path batchDirectory = arguments.onlyPositionalPath("batch folder");
        Unsealer unsealer = unsealer(arguments);
        X509Certificate gateway = Credentials.certificate(arguments.requiredPath("gateway-cert"));
        Path outDirectory = arguments.requiredPath("out");
        BatchFolder batch = BatchFolder.read(batchDirectory, err);
        verifyManifest(batch, gateway);
        err.println("Checking " + batch.manifest().files().size() + " file(s) before writing anything");
        batch.verifyFiles(unsealer);
        err.println("Writing into " + outDirectory);
        batch.writeFiles(unsealer, outDirectory);
        out.println("OK: batch " + batch.manifest().batchName() + " (" + batch.manifest().batchId() + ") opened into "
                + outDirectory + "; " + batch.manifest().files().size() + " file(s) match the manifest approved by "
                + batch.manifest().distinctApprovers());
        return OK;
    }

    private int receipt(Arguments arguments) throws CheckFailed, IOException {
        Path batchDirectory = arguments.onlyPositionalPath("batch folder");
        Unsealer unsealer = unsealer(arguments);
        Path gatewayCertificate = arguments.optionalPath("gateway-cert");
        Path receiptFile = arguments.optionalPath("out");
        receiptFile = receiptFile != null ? receiptFile : batchDirectory.resolve(Receipt.FILE_NAME);
        BatchFolder batch = BatchFolder.read(batchDirectory, err);
        if (gatewayCertificate != null) {
            verifyManifest(batch, Credentials.certificate(gatewayCertificate));
        } else {
            err.println("Note: without --gateway-cert the gateway's signature on the manifest is not checked");
            batch.verifyApprovals();
        }
        List<ReceivedFile> verified = batch.verifyFiles(unsealer);
        ReleasedManifest manifest = batch.manifest();
        byte[] receipt = new Receipt(manifest.batchId(), manifest.manifestDigest(), verified, Instant.now()).toJson();
        Files.write(receiptFile, CmsSignatures.signEncapsulated(receipt, unsealer.key(), unsealer.certificate()));
        out.println("OK: receipt for batch " + manifest.batchName() + " written to " + receiptFile);
        out.println("Upload it into the batch folder: sftp> put " + receiptFile + " /" + manifest.channel() + "/"
                + manifest.batchName() + "/" + Receipt.FILE_NAME);
        return OK;
    }

    private int verifyAudit(Arguments arguments) throws CheckFailed, IOException {
        Path exportFile = arguments.onlyPositionalPath("audit export");
        X509Certificate gateway = Credentials.certificate(arguments.requiredPath("gateway-cert"));
        List<Checkpoint> keptApart = new ArrayList<>();
        for (Path file : arguments.paths("checkpoint")) {
            keptApart.add(checkpoint(file));
        }
        ChainVerdict verdict;
        try (InputStream in = Files.newInputStream(exportFile);
             AuditExport.Reader export = new AuditExport.Reader(in)) {
            verdict = new ChainVerifier(gateway, keptApart).verify(export,
                    verified -> err.printf("  %,d events verified%n", verified));
        }
        if (verdict instanceof ChainVerdict.Broken broken) {
            throw new CheckFailed(exportFile + ": the audit trail is " + broken.describe());
        }
        out.println("OK: " + exportFile + ": the audit trail is " + verdict.describe());
        return OK;
    }

    private int exportAudit(Arguments arguments) throws CheckFailed, IOException {
        arguments.requireNoPositional();
        String authorities = arguments.optional("cacert");
        AuditDownload download = new AuditDownload(arguments.required("gateway"),
                authorities == null ? null : Path.of(authorities), err);
        String login = arguments.required("login");
        Path file = arguments.requiredPath("out");
        if (Files.exists(file)) {
            throw new Arguments.UsageError(file + " exists; sekisho-cli never overwrites a file");
        }
        Long from = arguments.optionalNumber("from");
        Long to = arguments.optionalNumber("to");
        char[] password = secret("SEKISHO_PASSWORD", "Password for " + login + ": ");
        String totp = arguments.optional("totp");
        totp = totp != null ? totp : new String(secret(null, "Authenticator code: "));
        AuditDownload.Exported exported;
        try {
            exported = download.export(login, password, totp, from, to, file);
        } finally {
            Arrays.fill(password, '\0');
        }
        out.printf("OK: %s and %,d signed checkpoints saved in %s; check them with sekisho-cli verify-audit %s "
                + "--gateway-cert <pem>%n", exported.events() == 0 ? "no events in that range"
                        : String.format("%,d events (seq %d to %d)", exported.events(), exported.firstSeq(),
                        exported.lastSeq()), exported.checkpoints(), file, file);
        return OK;
    }

    /** From the environment variable if set, else asked on the terminal without echo; never from the command line. */
    private static char[] secret(String environmentVariable, String prompt) {
        String fromEnvironment = environmentVariable == null ? null : System.getenv(environmentVariable);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        java.io.Console terminal = System.console();
        if (terminal == null) {
            throw new Arguments.UsageError("no terminal to ask \"" + prompt.trim() + "\""
                    + (environmentVariable == null ? "; pass --totp" : "; set " + environmentVariable));
        }
        char[] typed = terminal.readPassword("%s", prompt);
        if (typed == null) {
            throw new Arguments.UsageError("nothing typed for \"" + prompt.trim() + "\"");
        }
        return typed;
    }

    private static Checkpoint checkpoint(Path file) throws IOException {
        try {
            return AuditExport.readCheckpoint(Files.readString(file));
        } catch (AuditExport.MalformedExport | IllegalArgumentException unreadable) {
            throw new Arguments.UsageError(file + ": is not a checkpoint line as the gateway exports it ("
                    + unreadable.getMessage() + ")");
        }
    }

    private Unsealer unsealer(Arguments arguments) throws CheckFailed {
        Path keyFile = arguments.requiredPath("key");
        Path certificateFile = arguments.requiredPath("cert");
        PrivateKey key = Credentials.privateKey(keyFile);
        X509Certificate certificate = Credentials.certificate(certificateFile);
        Credentials.requirePair(key, keyFile, certificate, certificateFile);
        return new Unsealer(key, certificate);
    }

    private void verifyManifest(BatchFolder batch, X509Certificate gateway) throws CheckFailed, IOException {
        batch.verifySignature(gateway);
        batch.verifyApprovals();
        err.println("manifest.json: signed by the gateway, approved by " + batch.manifest().distinctApprovers());
    }
}
