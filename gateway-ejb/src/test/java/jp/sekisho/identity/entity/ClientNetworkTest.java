package jp.sekisho.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    @Test
    void anAddressIsInsideItsNetworkWhetherOrNotTheSftpPortIsRecordedWithIt() {
        ClientNetwork office = ClientNetwork.parse("203.0.113.0/24");
        assertTrue(office.contains("203.0.113.200"));
        assertTrue(office.contains("203.0.113.7 port 50122"));
        assertFalse(office.contains("203.0.114.1 port 50122"));
        assertFalse(office.contains("2001:db8::1"), "another address family is never inside");
        assertTrue(ClientNetwork.parse("2001:db8::/32").contains("2001:db8:ffff::1 port 22"));
        assertTrue(ClientNetwork.parse("127.0.0.1").contains("127.0.0.1 port 1"), "a bare address is one host");
        assertFalse(ClientNetwork.parse("127.0.0.1").contains("127.0.0.2"));
        assertTrue(ClientNetwork.parse("0.0.0.0/0").contains("198.51.100.1"));
        assertEquals("203.0.113.0/24", office.toString());
    }

    @Test
    void namesHostBitsAndImpossiblePrefixesAreRefused() {
        for (String invalid : List.of("gateway.example.jp", "203.0.113.5/24", "10.0.0.0/33", "10.0.0.0/x", "", "::/129")) {
            assertThrows(IllegalArgumentException.class, () -> ClientNetwork.parse(invalid), invalid);
        }
    }

    @Test
    void anAccountWithoutNetworksAdmitsAnyAddressAndOneWithNetworksOnlyThose() {
        SystemAccount account = new SystemAccount(new AccountName("callcenter"), new Organization("cc", "CC", null));
        assertTrue(account.admitsClient("198.51.100.9 port 4000"));
        account.limitToNetworks(List.of(ClientNetwork.parse("10.20.0.0/16"), ClientNetwork.parse("127.0.0.1")));
        assertTrue(account.admitsClient("10.20.3.4 port 4000"));
        assertTrue(account.admitsClient("127.0.0.1 port 4000"));
        assertFalse(account.admitsClient("198.51.100.9 port 4000"));
    }
}
