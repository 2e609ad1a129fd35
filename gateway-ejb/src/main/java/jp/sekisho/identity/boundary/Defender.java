package jp.sekisho.identity.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.entity.ClientNetwork;
import jp.sekisho.identity.entity.SourceAddress;

/**
 * Stops brute force and floods at the door, for SSH and HTTP alike: failed logins are counted per source address,
 * enough of them within a window earn a penalty (each twice the one before), and a penalised address is refused
 * before it may try again. What strangers do is audited without letting them grow the trail at will: the first
 * attempt of each window in full, the rest as one event per window, and every penalty.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Defender {

    private static final Logger LOG = Logger.getLogger(Defender.class.getName());

    /** How the gateway was reached, as the audit trail names it. */
    public static final String SSH = "SSH";
    public static final String HTTP = "HTTP";

    /** Shared by the pooled instances; replaced whole when the configuration names other networks. */
    private static volatile TrustedNetworks trustedNetworks;

    @EJB
    DefenderLedger ledger;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    /** Whether a client at this address may try now; a penalised one is refused before it can. */
    public boolean admits(String clientAddress) {
        return penalisedUntil(clientAddress).isEmpty();
    }

    public Optional<Instant> penalisedUntil(String clientAddress) {
        String address = hostOf(clientAddress);
        Instant now = clock.instant();
        return ledger.find(address).filter(source -> source.penalisedAt(now)).map(SourceAddress::penalisedUntil);
    }

    /** A failed login: counts towards the address's penalty. */
    public void failedLogin(String clientAddress, String channel, String name, AuditAction action, String why) {
        count(clientAddress, channel, name, action, why, true);
    }

    /**
     * Another refused attempt of a stranger (a key the account does not have, no credential, a malformed request):
     * reported like a failed login, but no penalty follows from it alone.
     */
    public void refused(String clientAddress, String channel, String name, AuditAction action, String why) {
        count(clientAddress, channel, name, action, why, false);
    }

    /** Reports every window that ended quietly; the sweep calls it every minute. */
    public int reportEndedWindows() {
        return ledger.reportEndedWindows();
    }

    private void count(String clientAddress, String channel, String name, AuditAction action, String why,
            boolean failedLogin) {
        String address = hostOf(clientAddress);
        boolean trusted = trusted(address);
        try {
            ledger.count(address, channel, name, action, why, failedLogin, trusted);
        } catch (EJBException concurrentFirstAttempt) {
            // Two first attempts of one address at once: one inserted the row, the other counts on it now.
            LOG.fine(() -> "Counting again after a concurrent first attempt from " + address);
            ledger.count(address, channel, name, action, why, failedLogin, trusted);
        }
    }

    /** Whether the address is in a trusted network ({@code sekisho.defence.trusted-networks}): never penalised. */
    public boolean trusts(String clientAddress) {
        return trusted(hostOf(clientAddress));
    }

    private boolean trusted(String address) {
        List<String> configured = settings.defence().trustedNetworks();
        TrustedNetworks known = trustedNetworks;
        if (known == null || !known.configured().equals(configured)) {
            known = new TrustedNetworks(configured, configured.stream().map(ClientNetwork::parse).toList());
            trustedNetworks = known;
        }
        return known.networks().stream().anyMatch(network -> network.contains(address));
    }

    /** The configured networks, parsed once rather than at every attempt of a flood. */
    private record TrustedNetworks(List<String> configured, List<ClientNetwork> networks) {
    }

    /** The address alone: the SFTP endpoint records {@code 203.0.113.7 port 51234}. */
    static String hostOf(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank()) {
            return "unknown";
        }
        int port = clientAddress.indexOf(" port ");
        String host = port < 0 ? clientAddress : clientAddress.substring(0, port);
        return host.length() > 64 ? host.substring(0, 64) : host;
    }
}
