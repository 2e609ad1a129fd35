package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The PROXY header a balancer sends before SSH, in both versions, read whole or not at all: a header cut anywhere asks
 * for more bytes, and anything else from a balancer is refused in words. (That HAProxy's own header is read, and the
 * client so named is the one audited and penalised, is shown through a real HAProxy by ClusterIT.)
 */
class ProxyHeaderTest {

    private static final byte[] SSH = "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void version1NamesTheClientAndLeavesSshUntouched() throws IOException {
        byte[] header = "PROXY TCP4 203.0.113.9 10.0.0.5 50123 2222\r\n".getBytes(StandardCharsets.US_ASCII);
        assertReadWhole(header, new InetSocketAddress("203.0.113.9", 50123));
        assertReadWhole("PROXY TCP6 2001:db8::1 ::1 40000 2222\r\n".getBytes(StandardCharsets.US_ASCII),
                new InetSocketAddress("2001:db8::1", 40000));
        assertReadWhole("PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII), null);
    }

    @Test
    void version2NamesTheClientAndSkipsItsExtensions() throws IOException {
        byte[] tcp4 = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c"
                + "cb007109" + "0a000005" + "c3cb" + "08ae");
        assertReadWhole(tcp4, new InetSocketAddress("203.0.113.9", 50123));
        byte[] withExtension = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "0013"
                + "cb007109" + "0a000005" + "c3cb" + "08ae" + "04" + "0004" + "00000000");
        assertReadWhole(withExtension, new InetSocketAddress("203.0.113.9", 50123));
        byte[] tcp6 = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "21" + "0024"
                + "20010db8000000000000000000000001" + "00000000000000000000000000000001" + "9c40" + "08ae");
        assertReadWhole(tcp6, new InetSocketAddress("2001:db8::1", 40000));
        // LOCAL: the balancer's own health check, which names nobody.
        assertReadWhole(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000"), null);
    }

    @Test
    void aBalancerThatSendsSomethingElseIsRefusedInWords() {
        for (String sent : new String[] {"SSH-2.0-OpenSSH_9.2\r\n", "PROXY TCP4 203.0.113.9\r\n",
                "PROXY TCP4 2001:db8::1 10.0.0.5 1 2\r\n", "PROXY TCP4 999.0.0.1 10.0.0.5 1 2\r\n",
                "PROXY TCP4 203.0.113.9 10.0.0.5 99999 2\r\n", "PROXY " + "x".repeat(120)}) {
            IOException refused = assertThrows(IOException.class,
                    () -> ProxyHeader.parse(sent.getBytes(StandardCharsets.US_ASCII), "10.0.0.5"), sent);
            assertTrue(refused.getMessage().startsWith("The load balancer 10.0.0.5 "), refused.getMessage());
        }
        byte[] udp = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "12" + "000c"
                + "cb007109" + "0a000005" + "c3cb" + "08ae");
        assertThrows(IOException.class, () -> ProxyHeader.parse(udp, "10.0.0.5"));
    }

    private static void assertReadWhole(byte[] header, InetSocketAddress client) throws IOException {
        for (int cut = 0; cut < header.length; cut++) {
            assertEquals(Optional.empty(), ProxyHeader.parse(Arrays.copyOf(header, cut), "10.0.0.5"),
                    "a header cut after " + cut + " bytes waits for the rest");
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(header);
        stream.writeBytes(SSH);
        ProxyHeader.Parsed parsed = ProxyHeader.parse(stream.toByteArray(), "10.0.0.5").orElseThrow();
        assertEquals(header.length, parsed.length(), "exactly the header is taken; SSH's first line stays");
        assertEquals(Optional.ofNullable(client), parsed.client());
    }
}
