package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a process listens on, read from Linux's {@code /proc} as {@code ss -ltnup -p} would show it: TCP sockets in
 * LISTEN and bound UDP sockets whose inode is one of the process's open file descriptors. Each is written
 * {@code tcp 127.0.0.1:2380}; an IPv4 address mapped into IPv6 ({@code ::ffff:127.0.0.1}) is written as IPv4.
 */
final class ListeningSockets {

    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private ListeningSockets() {
    }

    static Set<String> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        Set<String> listening = new TreeSet<>();
        for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
            String wanted = protocol.startsWith("tcp") ? TCP_LISTEN : UDP_UNCONNECTED;
            for (String line : lines(Path.of("/proc", String.valueOf(pid), "net", protocol))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(wanted) && inodes.contains(fields[9])) {
                    listening.add(protocol.replace("6", "") + " " + address(fields[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // A descriptor closed while the list was read holds no socket any more.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    /** {@code 0100007F:0A5C} (IPv4, each 32-bit word in host order) or 32 hex digits (IPv6) and a hex port. */
    private static String address(String field) {
        String[] parts = field.split(":");
        String hex = parts[0];
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int index = 0; index < 4; index++) {
                int from = word * 8 + (3 - index) * 2;
                bytes[word * 4 + index] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
            }
        }
        try {
            // getByAddress turns an IPv4-mapped IPv6 address into its IPv4 address.
            String host = InetAddress.getByAddress(bytes).getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + Integer.parseInt(parts[1], 16);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            return lines.subList(1, lines.size());
        } catch (NoSuchFileException noSuchProtocol) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
