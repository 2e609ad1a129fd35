package jp.sekisho.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The load balancers allowed to name the client they forward. Anyone else who sends a PROXY header or an
 * {@code X-Forwarded-For} is ignored: otherwise a stranger could pose as any address, dodge their own penalty and
 * earn one for somebody else. Addresses are literal IPs, compared in canonical form ({@code ::1} and
 * {@code 0:0:0:0:0:0:0:1} are one).
 */
public record Balancers(Set<String> addresses) {

    public static final Balancers NONE = new Balancers(Set.of());

    public Balancers {
        addresses = Set.copyOf(addresses);
    }

    static Balancers parse(String key, List<String> listed) {
        return new Balancers(listed.stream().map(address -> canonical(key, address)).collect(Collectors.toSet()));
    }

    /** Whether a connection from this peer address comes from a balancer, whose word on the client counts. */
    public boolean forwards(String peerAddress) {
        if (addresses.isEmpty() || peerAddress == null) {
            return false;
        }
        try {
            return addresses.contains(canonicalIp(peerAddress));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    /**
     * The client of an HTTP request: the peer itself, unless the peer is a balancer, whose own entry is the last one
     * of {@code X-Forwarded-For} (entries before it were written by the client and prove nothing). A balancer that
     * names no valid address leaves the peer's.
     */
    public String clientOf(String peerAddress, List<String> forwardedFor) {
        if (!forwards(peerAddress) || forwardedFor.isEmpty()) {
            return peerAddress;
        }
        String header = forwardedFor.get(forwardedFor.size() - 1);
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        try {
            return canonicalIp(last);
        } catch (IllegalArgumentException notAnAddress) {
            return peerAddress;
        }
    }

    public boolean any() {
        return !addresses.isEmpty();
    }

    private static String canonical(String key, String address) {
        try {
            return canonicalIp(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + " lists '" + address + "', which is not an IP address: name each "
                    + "load balancer by the address its connections come from (no host names, no networks)");
        }
    }

    /** The canonical text of an IP literal; no name is ever looked up. */
    public static String canonicalIp(String literal) {
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1)
                : literal;
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && java.util.Arrays.stream(bare.split("\\.")).allMatch(octet -> Integer.parseInt(octet) < 256);
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
        try {
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
