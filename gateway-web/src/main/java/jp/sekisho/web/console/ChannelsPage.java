package jp.sekisho.web.console;

import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.keys.control.SelfSignedCredentials;
import jp.sekisho.transfer.entity.Refused;

/**
 * Channels as officials must know them: who sends to whom, sealed to which certificate, approved by whom, for how
 * long, under which data contract. An administrator proposes a new recipient certificate; two approvers of the
 * data owner, each with a fresh code, apply it.
 */
@Named
@ViewScoped
public class ChannelsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    Channels channels;

    @Inject
    Console console;

    private String channel;
    private String certificatePem;
    private String totp;
    private String reason;

    public List<Channel> getChannels() {
        return channels.all();
    }

    public List<ChannelChange> getChanges() {
        return channels.changes();
    }

    /** Subject, expiry and SHA-256 fingerprint of a PEM certificate: what an official compares with the recipient. */
    public String certificate(String pem) {
        try {
            X509Certificate certificate = SelfSignedCredentials.parseCertificatePem(pem);
            return certificate.getSubjectX500Principal().getName() + " — " + console.text("channels.notAfter") + " "
                    + console.time(certificate.getNotAfter().toInstant()) + " — SHA-256 "
                    + SelfSignedCredentials.fingerprintHex(certificate);
        } catch (RuntimeException unreadable) {
            return console.text("channels.unreadableCertificate");
        }
    }

    public String approvers(Channel channel) {
        return channel.policy().approverOrganizations().stream().map(Organization::code).sorted()
                .collect(Collectors.joining(", "));
    }

    public String contract(Channel channel) {
        DataContract contract = channel.dataContract();
        return DataContract.NONE.equals(contract) ? console.text("channels.noContract") : contract.toJson();
    }

    public boolean decidable(ChannelChange change) {
        return change.state() == ChannelChange.State.PENDING && console.holds("APPROVER");
    }

    public String propose() {
        return act(() -> channels.proposeRecipientCertificate(console.caller(), new ChannelName(channel),
                certificatePem), "channels.proposed");
    }

    public String approve(ChannelChange change) {
        return act(() -> channels.decideChange(console.caller(), change.id(), true, totp, null),
                "channels.approved");
    }

    public String reject(ChannelChange change) {
        return act(() -> channels.decideChange(console.caller(), change.id(), false, totp, reason),
                "channels.rejected");
    }

    private String act(Runnable action, String doneKey) {
        try {
            action.run();
            console.info(doneKey);
            return "/console/channels.xhtml?faces-redirect=true";
        } catch (Refused refused) {
            console.show(refused);
            return null;
        } catch (IllegalArgumentException invalidName) {
            console.show(new Refused(Refused.Kind.INVALID, "no-such-channel", invalidName.getMessage()));
            return null;
        } finally {
            totp = null;
        }
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getCertificatePem() {
        return certificatePem;
    }

    public void setCertificatePem(String certificatePem) {
        this.certificatePem = certificatePem;
    }

    public String getTotp() {
        return null;
    }

    public void setTotp(String totp) {
        this.totp = totp;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
