package jp.sekisho.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The address officials use to reach the gateway ({@code https://host[:port]}), set by the operator. Every absolute
 * URL the gateway hands out (redirects) is built from it and never from the request's {@code Host} header, which any
 * client can set: an address taken from it would send a browser, or a cache, wherever the client chose.
 */
public record PublicAddress(URI origin) {

    public PublicAddress {
        if (!"https".equals(origin.getScheme()) || origin.getHost() == null || origin.getRawUserInfo() != null
                || !(origin.getRawPath() == null || origin.getRawPath().isEmpty()) || origin.getRawQuery() != null
                || origin.getRawFragment() != null) {
            throw new IllegalArgumentException("not an https:// address without a path: " + origin);
        }
    }

    /** Reads the operator's setting; a value that is not an https:// origin stops the gateway at start. */
    public static PublicAddress parse(String key, String value) {
        String trimmed = value.strip();
        String withoutSlash = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        try {
            return new PublicAddress(new URI(withoutSlash));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException(key + " must be an https:// address without a path, such as "
                    + "https://gateway.example.jp or https://gateway.example.jp:8443, not \"" + value + "\"");
        }
    }

    /** Where the gateway is reached when nothing else is configured: the HTTPS listener on loopback. */
    public static PublicAddress loopback(int httpsPort) {
        return new PublicAddress(URI.create("https://127.0.0.1" + (httpsPort == 443 ? "" : ":" + httpsPort)));
    }

    /** The absolute URL of a path on the gateway ({@code /console/index.xhtml?lang=en}). */
    public String locationOf(String absolutePath) {
        if (!absolutePath.startsWith("/") || absolutePath.startsWith("//")) {
            throw new IllegalArgumentException("Not a path on this gateway: " + absolutePath);
        }
        return origin + absolutePath;
    }

    @Override
    public String toString() {
        return origin.toString();
    }
}
