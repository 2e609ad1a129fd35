package jp.sekisho.sftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerProxyAcceptor;
import org.apache.sshd.server.session.ServerSession;

import jp.sekisho.config.Balancers;

/**
 * The PROXY protocol header (HAProxy's, versions 1 and 2) by which a load balancer names the client whose TCP
 * connection it forwards. It is read only from the configured balancers, which must send it: from anyone else the
 * first bytes are SSH's, so nobody can pose as another address. The client so named is the session's client address,
 * the one the defender counts and the audit trail records, and a penalised client is refused here as it would be at
 * the door.
 */
final class ProxyHeader implements ServerProxyAcceptor {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1_START = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** The longest version 1 line, CRLF included (the specification's own bound). */
    private static final int V1_LONGEST = 107;

    private final Balancers balancers;
    private final SshDoor door;

    ProxyHeader(Balancers balancers, SshDoor door) {
        this.balancers = balancers;
        this.door = door;
    }

    @Override
    public boolean acceptServerProxyMetadata(ServerSession session, Buffer buffer) throws IOException {
        String peer = SshDoor.peerAddress(session);
        if (!balancers.forwards(peer)) {
            return true;
        }
        byte[] available = Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos());
        Optional<Parsed> parsed = parse(available, peer);
        if (parsed.isEmpty()) {
            return false;
        }
        buffer.rpos(buffer.rpos() + parsed.get().length());
        parsed.get().client().ifPresent(client -> ((AbstractServerSession) session).setClientAddress(client));
        door.refuseIfPenalised(session, AccountKeyAuthenticator.hostOf(session));
        return true;
    }

    /** A header read whole: how many bytes it took, and the client it names (none for a balancer's own check). */
    record Parsed(int length, Optional<InetSocketAddress> client) {
    }

    /** The header at the start of these bytes; empty while more bytes are needed to read it whole. */
    static Optional<Parsed> parse(byte[] bytes, String peer) throws IOException {
        if (startsWith(bytes, V2_SIGNATURE)) {
            return version2(bytes, peer);
        }
        if (startsWith(bytes, V1_START)) {
            return version1(bytes, peer);
        }
        if (isStartOf(bytes, V2_SIGNATURE) || isStartOf(bytes, V1_START)) {
            return Optional.empty();
        }
        throw refusal(peer, "sent no PROXY header; configure the balancer with send-proxy-v2 for the SFTP servers");
    }

    private static Optional<Parsed> version1(byte[] bytes, String peer) throws IOException {
        int end = -1;
        for (int i = 0; i + 1 < Math.min(bytes.length, V1_LONGEST); i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (bytes.length < V1_LONGEST) {
                return Optional.empty();
            }
            throw refusal(peer, "sent a PROXY line longer than 107 bytes");
        }
        String[] fields = new String(bytes, 0, end, StandardCharsets.US_ASCII).split(" ");
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            return Optional.of(new Parsed(end + 2, Optional.empty()));
        }
        if (fields.length != 6 || !(fields[1].equals("TCP4") || fields[1].equals("TCP6"))) {
            throw refusal(peer, "sent a malformed PROXY line");
        }
        try {
            String literal = Balancers.canonicalIp(fields[2]);
            int port = Integer.parseInt(fields[4]);
            if (port < 0 || port > 65535 || fields[1].equals("TCP4") != !literal.contains(":")) {
                throw refusal(peer, "sent a malformed PROXY line");
            }
            return Optional.of(new Parsed(end + 2,
                    Optional.of(new InetSocketAddress(InetAddress.getByName(literal), port))));
        } catch (IllegalArgumentException e) {
            throw refusal(peer, "sent a malformed PROXY line");
        }
    }

    private static Optional<Parsed> version2(byte[] bytes, String peer) throws IOException {
        if (bytes.length < 16) {
            return Optional.empty();
        }
        int versionAndCommand = bytes[12] & 0xFF;
        int family = bytes[13] & 0xFF;
        int length = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
        if (versionAndCommand >> 4 != 2) {
            throw refusal(peer, "sent a PROXY header of an unknown version");
        }
        if (bytes.length < 16 + length) {
            return Optional.empty();
        }
        int command = versionAndCommand & 0x0F;
        if (command == 0) {
            return Optional.of(new Parsed(16 + length, Optional.empty()));
        }
        int addressLength = switch (family) {
            case 0x11 -> 4;
            case 0x21 -> 16;
            default -> throw refusal(peer, "forwarded a connection that is neither TCP over IPv4 nor over IPv6");
        };
        if (command != 1 || length < 2 * addressLength + 4) {
            throw refusal(peer, "sent a malformed PROXY header");
        }
        InetAddress client = InetAddress.getByAddress(Arrays.copyOfRange(bytes, 16, 16 + addressLength));
        int portAt = 16 + 2 * addressLength;
        int port = ((bytes[portAt] & 0xFF) << 8) | (bytes[portAt + 1] & 0xFF);
        return Optional.of(new Parsed(16 + length, Optional.of(new InetSocketAddress(client, port))));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Whether these few bytes may yet become that prefix. */
    private static boolean isStartOf(byte[] bytes, byte[] prefix) {
        return bytes.length < prefix.length && Arrays.equals(bytes, 0, bytes.length, prefix, 0, bytes.length);
    }

    private static IOException refusal(String peer, String what) {
        return new IOException("The load balancer " + peer + " " + what);
    }
}
