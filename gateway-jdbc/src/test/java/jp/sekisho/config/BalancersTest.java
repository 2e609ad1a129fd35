package jp.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Only a configured balancer names the client, and only in the entry it wrote itself. */
class BalancersTest {

    private final Balancers balancer = Balancers.parse("sekisho.balancers", List.of("10.0.0.5", "::1"));

    @Test
    void aBalancerNamesTheClientInTheEntryItAppended() {
        assertEquals("203.0.113.9", balancer.clientOf("10.0.0.5", List.of("203.0.113.9")));
        // The entries before the balancer's were sent by the client: a stranger cannot pose as 10.1.1.1 with them.
        assertEquals("203.0.113.9", balancer.clientOf("10.0.0.5", List.of("10.1.1.1, 192.0.2.1", "203.0.113.9")));
        assertEquals("2001:db8:0:0:0:0:0:1", balancer.clientOf("0:0:0:0:0:0:0:1", List.of("2001:db8::1")));
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        assertEquals("198.51.100.7", balancer.clientOf("198.51.100.7", List.of("10.1.1.1")));
        assertEquals("198.51.100.7", Balancers.NONE.clientOf("198.51.100.7", List.of("10.1.1.1")));
        assertFalse(Balancers.NONE.forwards("10.0.0.5"));
        assertFalse(balancer.forwards("not an address"));
    }

    @Test
    void aBalancerThatNamesNoAddressLeavesItsOwn() {
        assertEquals("10.0.0.5", balancer.clientOf("10.0.0.5", List.of()));
        assertEquals("10.0.0.5", balancer.clientOf("10.0.0.5", List.of("unknown")));
        assertEquals("10.0.0.5", balancer.clientOf("10.0.0.5", List.of("evil.example")));
    }

    @Test
    void onlyLiteralAddressesAreConfigured() {
        for (String wrong : List.of("balancer.city.example", "10.0.0.0/8", "300.1.1.1", "")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> Balancers.parse("sekisho.balancers", List.of(wrong)));
            assertTrue(refused.getMessage().contains("sekisho.balancers lists '" + wrong + "'"),
                    refused.getMessage());
        }
    }
}
