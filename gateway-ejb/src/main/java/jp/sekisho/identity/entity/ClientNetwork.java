package jp.sekisho.identity.entity;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jp.sekisho.shared.InvalidValue;

/** A network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}) that a system account may log in from. */
public record ClientNetwork(InetAddress base, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public ClientNetwork {
        int bits = base.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new InvalidValue("A prefix length is 0 to " + bits + " for this address");
        }
        if (!masked(base.getAddress(), prefixLength).equals(new BigInteger(1, base.getAddress()))) {
            throw new InvalidValue(base.getHostAddress() + "/" + prefixLength
                    + " has host bits set; write the network's first address");
        }
    }

    /** Parses {@code address/prefix}; a bare address means that one host. Never resolves names. */
    public static ClientNetwork parse(String cidr) {
        String text = cidr == null ? "" : cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new InvalidValue("Not an IP network: " + cidr);
        }
        InetAddress base = literal(address);
        int prefix;
        try {
            prefix = slash < 0 ? base.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException notANumber) {
            throw new InvalidValue("Not an IP network: " + cidr);
        }
        return new ClientNetwork(base, prefix);
    }

    /** Whether a client address ({@code 198.51.100.7}, or as the SFTP endpoint records it, with its port) is inside. */
    public boolean contains(String clientAddress) {
        String address = clientAddress.contains(" port ") ? clientAddress.substring(0, clientAddress.indexOf(" port "))
                : clientAddress;
        if (!LITERAL.matcher(address).matches()) {
            return false;
        }
        byte[] client = literal(address).getAddress();
        return client.length == base.getAddress().length
                && masked(client, prefixLength).equals(new BigInteger(1, base.getAddress()));
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefixLength;
    }

    private static BigInteger masked(byte[] address, int prefixLength) {
        int bits = address.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(bits - prefixLength).shiftLeft(bits - prefixLength);
        return new BigInteger(1, address).and(mask);
    }

    private static InetAddress literal(String address) {
        try {
            // Only digits, dots, colons and hex letters reach here, so no name is ever looked up.
            return InetAddress.getByName(address);
        } catch (UnknownHostException invalid) {
            throw new InvalidValue("Not an IP address: " + address);
        }
    }
}
