package jp.sekisho.transfer.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.AccountSession;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchName;
import jp.sekisho.transfer.entity.BatchState;
import jp.sekisho.transfer.entity.FolderEntry;
import jp.sekisho.transfer.entity.VirtualPath;

/**
 * What one system account sees of the gateway at one moment: a folder per channel it is the source or the
 * destination of; in it, the source sees the batches it is filling and the destination the batches it may pull (or
 * must still confirm); in a batch, the source sees its sealed files by their names, the destination each file as
 * {@code <name>.p7m} beside {@code manifest.json} and its signature. An account never learns that anything else
 * exists: everything else is "no such file".
 */
public final class AccountView {

    private final EntityManager em;
    private final AccountSession session;
    private final Instant now;

    public AccountView(EntityManager em, AccountSession session, Instant now) {
        this.em = em;
        this.session = session;
        this.now = now;
    }

    /** The entries of a folder of the tree. */
    public List<FolderEntry> list(VirtualPath folder) {
        if (folder.isRoot()) {
            return em.createQuery("SELECT c FROM Channel c WHERE c.source.name = :account "
                    + "OR c.destination.name = :account ORDER BY c.name", Channel.class)
                    .setParameter("account", session.account().value()).getResultStream()
                    .map(AccountView::channelFolder).toList();
        }
        if (folder.isChannelFolder()) {
            Channel channel = channel(folder.channel());
            return batchesOf(channel).map(batch -> batchFolder(channel, batch)).toList();
        }
        if (folder.isBatchFolder()) {
            Channel channel = channel(folder.channel());
            return filesOf(channel, batch(channel, batchName(folder)));
        }
        throw noSuchFile();
    }

    /** One entry, looked up directly. */
    public FolderEntry stat(VirtualPath path) {
        if (path.isRoot()) {
            return FolderEntry.folder("/", null, false);
        }
        if (path.isBeyondTree()) {
            throw noSuchFile();
        }
        Channel channel = channel(path.channel());
        if (path.isChannelFolder()) {
            return channelFolder(channel);
        }
        Batch batch = batch(channel, batchName(path));
        if (path.isBatchFolder()) {
            return batchFolder(channel, batch);
        }
        String name = path.fileName();
        return filesOf(channel, batch).stream().filter(entry -> entry.name().equals(name)).findFirst()
                .orElseThrow(AccountView::noSuchFile);
    }

    /** The channel of that name, if this account is its source or destination; otherwise it does not exist. */
    public Channel channel(ChannelName name) {
        Optional<Channel> channel = em.createQuery("SELECT c FROM Channel c WHERE c.name = :name", Channel.class)
                .setParameter("name", name.value()).getResultStream().findFirst();
        if (channel.isEmpty() || !isSource(channel.get()) && !isDestination(channel.get())) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No such folder");
        }
        return channel.get();
    }

    /** A batch this account sees in the channel: the source the ones it fills, the destination what it may pull. */
    public Batch batch(Channel channel, BatchName name) {
        return em.createQuery("SELECT b FROM Batch b WHERE b.channel = :channel AND b.name = :name", Batch.class)
                .setParameter("channel", channel).setParameter("name", name.value()).getResultStream()
                .filter(batch -> visible(channel, batch)).findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such folder"));
    }

    public boolean isSource(Channel channel) {
        return channel.source().name().equals(session.account());
    }

    private boolean isDestination(Channel channel) {
        return channel.destination().name().equals(session.account());
    }

    private java.util.stream.Stream<Batch> batchesOf(Channel channel) {
        boolean source = isSource(channel);
        return em.createQuery("SELECT b FROM Batch b WHERE b.channel = :channel AND b.state IN :states "
                + "ORDER BY b.name", Batch.class).setParameter("channel", channel)
                .setParameter("states", source ? List.of(BatchState.UPLOADING)
                        : List.of(BatchState.AVAILABLE, BatchState.DELIVERED))
                .getResultStream().filter(batch -> visible(channel, batch));
    }

    /** The source sees batches it is filling; the destination sees what it may pull or must confirm. */
    private boolean visible(Channel channel, Batch batch) {
        return isSource(channel) ? batch.stateAt(now) == BatchState.UPLOADING : batch.visibleToDestinationAt(now);
    }

    private static FolderEntry channelFolder(Channel channel) {
        return FolderEntry.folder(channel.name().value(), Instant.EPOCH, true);
    }

    /** The source's batch dates from its creation, the destination's from its release. */
    private FolderEntry batchFolder(Channel channel, Batch batch) {
        return FolderEntry.folder(batch.name().value(), isSource(channel) ? batch.createdAt()
                : batch.release().availableAt(), true);
    }

    private List<FolderEntry> filesOf(Channel channel, Batch batch) {
        List<FolderEntry> files = new ArrayList<>();
        boolean source = isSource(channel);
        for (BatchFile file : batch.files()) {
            if (source ? file.sealed() : batch.mayDownload(file)) {
                files.add(source ? FolderEntry.file(file.name().value(), file.plaintextSize(), file.receivedAt())
                        : FolderEntry.file(file.sealedName(), file.ciphertextSize(), file.receivedAt()));
            }
        }
        if (!source) {
            files.add(FolderEntry.file(ReleasedManifest.FILE_NAME, batch.release().manifestJson()
                    .getBytes(StandardCharsets.UTF_8).length, batch.release().availableAt()));
            files.add(FolderEntry.file(ReleasedManifest.SIGNATURE_FILE_NAME, batch.release().signature().length,
                    batch.release().availableAt()));
        }
        return files;
    }

    /** A name no batch can have is a folder that is not there. */
    private static BatchName batchName(VirtualPath path) {
        try {
            return path.batch();
        } catch (Refused invalid) {
            throw noSuchFile();
        }
    }

    private static Refused noSuchFile() {
        return new Refused(Refused.Kind.NOT_FOUND, "no-such-path", "No such file");
    }
}
