package jp.sekisho.transfer.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.shared.CanonicalJson;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Where reads are journaled while they are open: {@code <data>/reads/<id>.read}, a header line (who reads what, since
 * when) and the byte ranges about to leave. A journal is deleted once its read's end is in the audit trail; one found
 * later is a read whose end was never recorded.
 */
@Dependent
public class ReadJournals {

    public static final String FORMAT = "sekisho-read-journal/1";
    private static final Pattern JOURNAL = Pattern.compile("([a-f0-9-]{36})\\.read");
    private static final Pattern RANGE = Pattern.compile("(\\d{20}) (\\d{20})");

    private final Path directory;

    @Inject
    public ReadJournals(GatewaySettings settings) {
        this(settings.dataDirectory().resolve("reads"));
    }

    public ReadJournals(Path directory) {
        this.directory = directory;
    }

    /** A journal found on disk: its id and when it was last written. */
    public record Found(String id, Instant lastWritten) {
    }

    /** What a journal says: who read what, of which size, since when, and which ranges were about to leave. */
    public record Journaled(String id, DownloadTicket ticket, long size, Instant openedAt, ReadRanges ranges) {
    }

    /** Starts the journal of a read; nothing may be read before it exists. */
    public ReadJournal open(DownloadTicket ticket, long size, Instant openedAt) throws IOException {
        Files.createDirectories(directory);
        String id = UUID.randomUUID().toString();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("account", ticket.session().name());
        header.put("client", ticket.session().clientAddress());
        header.put("batch", ticket.batch().value());
        header.put("fileId", ticket.fileId());
        header.put("path", ticket.virtualPath());
        header.put("size", size);
        header.put("openedAt", openedAt.toString());
        FileChannel file = create(pathOf(id));
        try {
            ByteBuffer line = ByteBuffer.wrap((CanonicalJson.write(header) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                file.write(line);
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(pathOf(id));
            throw e;
        }
        return new ReadJournal(id, file);
    }

    /** A new journal file, written through its channel only. */
    protected FileChannel create(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    public List<Found> found() {
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Matcher name = JOURNAL.matcher(entry.getFileName().toString());
                if (name.matches()) {
                    found.add(new Found(name.group(1), Files.getLastModifiedTime(entry).toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * What the journal says; empty when its header is unreadable, which only a crash while it was being opened leaves
     * (nothing was read then). A last line cut off by a crash is ignored: its bytes had not left.
     */
    public Optional<Journaled> read(String id) {
        String text;
        try {
            text = Files.readString(pathOf(id), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            JsonObject header = Json.createReader(new StringReader(lines.readLine())).readObject();
            if (!FORMAT.equals(header.getString("format", null))) {
                return Optional.empty();
            }
            DownloadTicket ticket = new DownloadTicket(new AccountSession(new AccountName(header.getString("account")),
                    header.isNull("client") ? null : header.getString("client")),
                    new BatchId(header.getString("batch")),
                    header.isNull("fileId") ? null : header.getJsonNumber("fileId").longValueExact(),
                    header.getString("path"));
            ReadRanges ranges = new ReadRanges();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher range = RANGE.matcher(line);
                if (range.matches()) {
                    ranges.add(Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
                }
            }
            return Optional.of(new Journaled(id, ticket, header.getJsonNumber("size").longValueExact(),
                    Instant.parse(header.getString("openedAt")), ranges));
        } catch (IOException | JsonException | NullPointerException | ClassCastException | ArithmeticException
                | IllegalArgumentException | java.time.format.DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    public void delete(String id) {
        try {
            Files.deleteIfExists(pathOf(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pathOf(String id) {
        if (!JOURNAL.matcher(id + ".read").matches()) {
            throw new IllegalArgumentException("Not a read journal id");
        }
        return directory.resolve(id + ".read");
    }
}
