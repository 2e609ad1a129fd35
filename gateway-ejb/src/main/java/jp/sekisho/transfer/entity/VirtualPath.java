package jp.sekisho.transfer.entity;

import java.util.ArrayList;
import java.util.List;

import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.formats.FileNameRule;
import jp.sekisho.shared.Refused;

/**
 * A path in a system account's virtual tree: {@code /}, {@code /<channel>}, {@code /<channel>/<batch>} or
 * {@code /<channel>/<batch>/<name>}. It is normalized as POSIX does ({@code .} stays, {@code ..} climbs, never above
 * the root), so no path can leave the tree; what each level names is the core's to decide, not the protocol's. Each
 * name is taken in Unicode NFC, the form names are kept in, so that a name a macOS client sends decomposed (NFD)
 * finds the same file.
 */
public final class VirtualPath {

    public static final VirtualPath ROOT = new VirtualPath(List.of());

    private static final int CHANNEL = 1;
    private static final int BATCH = 2;
    private static final int FILE = 3;

    private final List<String> names;

    private VirtualPath(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** The path a client sent, absolute or relative to the root. */
    public static VirtualPath of(String path) {
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                }
                continue;
            }
            names.add(FileNameRule.normalized(name));
        }
        return new VirtualPath(names);
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    public boolean isChannelFolder() {
        return names.size() == CHANNEL;
    }

    public boolean isBatchFolder() {
        return names.size() == BATCH;
    }

    public boolean isFileInBatch() {
        return names.size() == FILE;
    }

    /** Deeper than a file in a batch: nothing is there. */
    public boolean isBeyondTree() {
        return names.size() > FILE;
    }

    /** The channel this path lies in; a name no channel can have is a folder that does not exist. */
    public ChannelName channel() {
        try {
            return new ChannelName(names.get(0));
        } catch (IllegalArgumentException notAChannelName) {
            throw new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No such folder");
        }
    }

    /** The batch folder this path lies in, as the source names it; an invalid name is refused with the rule. */
    public BatchName batch() {
        return new BatchName(names.get(1));
    }

    /** The last name of a file in a batch folder, as the client sent it. */
    public String fileName() {
        return names.get(2);
    }

    /** The path of the batch folder this file or folder lies in. */
    public VirtualPath batchFolder() {
        return new VirtualPath(names.subList(0, BATCH));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VirtualPath path && path.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "/" + String.join("/", names);
    }
}
