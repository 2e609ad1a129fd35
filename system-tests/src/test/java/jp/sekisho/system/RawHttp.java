package jp.sekisho.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand, for what a well-behaved client cannot send: requests from another loopback address (a
 * stranger at 127.0.0.2 while the officials stay at 127.0.0.1), bytes that are not UTF-8, paths no URI class accepts.
 */
final class RawHttp {

    private final String host;
    private final int port;
    private final String contextPath;
    private final String from;
    private final boolean tls;

    private RawHttp(String host, int port, String contextPath, String from, boolean tls) {
        this.host = host;
        this.port = port;
        this.contextPath = contextPath;
        this.from = from;
        this.tls = tls;
    }

    /**
     * A client of the gateway under test whose requests come from {@code fromAddress}, over TLS when the base is an
     * https:// address (trusting only the gateway's authority, {@link Https#context()}).
     */
    static RawHttp from(URL gatewayBase, String fromAddress) {
        return new RawHttp(gatewayBase.getHost(), gatewayBase.getPort(), gatewayBase.getPath().replaceAll("/$", ""),
                fromAddress, "https".equals(gatewayBase.getProtocol()));
    }

    /** Where the gateway's paths begin: empty when it is deployed at the root. */
    String contextPath() {
        return contextPath;
    }

    /** One response: status, headers (names in lower case; a repeated header keeps its values joined by '\n'). */
    record Response(int status, Map<String, String> headers, String body) {

        Gateway.Reply reply() {
            return new Gateway.Reply(status, body);
        }

        List<String> all(String header) {
            String value = headers.get(header.toLowerCase(Locale.ROOT));
            return value == null ? List.of() : List.of(value.split("\n"));
        }
    }

    Response send(String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket plain = new Socket();
                Socket socket = connected(plain)) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException answeredEarly) {
                // The server may answer (413, say) and close before reading all of a large body; read its answer.
            }
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " from " + from, e);
        }
    }

    private Socket connected(Socket plain) throws IOException {
        plain.bind(new InetSocketAddress(from, 0));
        plain.connect(new InetSocketAddress(host, port), 10_000);
        plain.setSoTimeout(60_000);
        return tls ? Https.context().getSocketFactory().createSocket(plain, host, port, true) : plain;
    }

    /** A JSON API call: {@code path} is under {@code /api/}. */
    Response api(String method, String path, String token, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return send(method, contextPath + "/api/" + path, headers, body);
    }

    private static Response parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("No complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunked(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunked(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                    .split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
