package jp.sekisho.system;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A client for the gateway under test, whose HTTPS listener presents Payara's self-signed certificate. */
final class Https {

    private Https() {
    }

    /**
     * Trusts any certificate (host names are not checked either: failsafe sets
     * {@code jdk.internal.httpclient.disableHostnameVerification}); only for talking to the gateway under test.
     * HTTP/1.1, so that a {@code Host} header the test sets is the one the gateway reads; redirects are not followed.
     */
    static HttpClient trustingClient() {
        return HttpClient.newBuilder().sslContext(trustingContext()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The TLS context of {@link #trustingClient()}, for a client that needs more (a cookie jar, say). */
    static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
