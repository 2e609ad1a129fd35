package jp.sekisho.web.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import jp.sekisho.config.PublicAddress;

class ResponsePolicyTest {

    private static final PublicAddress PUBLIC = PublicAddress.parse("key", "https://gateway.example.jp:8443");

    @Test
    void aPathOnTheGatewayBecomesAnAddressOnThePublicOrigin() {
        assertEquals("https://gateway.example.jp:8443/console/login.xhtml?lang=en",
                ResponsePolicy.absolute("/console/login.xhtml?lang=en", "/console/index.xhtml", PUBLIC));
    }

    @Test
    void aRelativePathIsResolvedAgainstTheRequestedPage() {
        assertEquals("https://gateway.example.jp:8443/console/batch.xhtml?id=1",
                ResponsePolicy.absolute("batch.xhtml?id=1", "/console/index.xhtml", PUBLIC));
    }

    @Test
    void anAddressTheCodeWroteInFullIsLeftAlone() {
        assertEquals("https://gateway.example.jp:8443/console/",
                ResponsePolicy.absolute("https://gateway.example.jp:8443/console/", "/console", PUBLIC));
    }

    @Test
    void aCookieWithoutSameSiteBecomesStrict() {
        assertEquals("csfcfc=1; Path=/; SameSite=Strict", ResponsePolicy.sameSite("Set-Cookie", "csfcfc=1; Path=/"));
        assertEquals("a=1; SameSite=Lax", ResponsePolicy.sameSite("set-cookie", "a=1; SameSite=Lax"));
        assertEquals("text/html", ResponsePolicy.sameSite("Content-Type", "text/html"));
    }
}
