package jp.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PublicAddressTest {

    @Test
    void pathsBecomeUrlsOnTheConfiguredOrigin() {
        PublicAddress address = PublicAddress.parse("key", "https://gateway.example.jp:8443/");
        assertEquals("https://gateway.example.jp:8443/console/index.xhtml?lang=en",
                address.locationOf("/console/index.xhtml?lang=en"));
    }

    @Test
    void theDefaultIsTheHttpsListenerOnLoopback() {
        assertEquals("https://127.0.0.1:8443", PublicAddress.loopback(8443).toString());
        assertEquals("https://127.0.0.1", PublicAddress.loopback(443).toString());
    }

    @Test
    void refusesAnythingButAnHttpsOrigin() {
        for (String wrong : new String[] {"http://gateway.example.jp", "https://gateway.example.jp/sekisho",
                "https://gateway.example.jp?x=1", "https://user@gateway.example.jp", "gateway.example.jp",
                "https://", "https://gateway.example.jp#top"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> PublicAddress.parse("sekisho.public-address", wrong), wrong);
            assertEquals(true, refused.getMessage().startsWith("sekisho.public-address must be an https://"));
        }
    }

    @Test
    void neverResolvesAnotherHost() {
        PublicAddress address = PublicAddress.loopback(8443);
        assertThrows(IllegalArgumentException.class, () -> address.locationOf("//evil.example/console/"));
        assertThrows(IllegalArgumentException.class, () -> address.locationOf("https://evil.example/"));
    }
}
