package jp.sekisho.web.console;

import java.io.Serializable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
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
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.SystemAccounts;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.shared.Refused;

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

    @EJB
    Officials officials;

    @EJB
    SystemAccounts accounts;

    private String channel;
    private String certificatePem;
    private String newDestinationAccount;
    private long changeId;

    /** The new channel's form: windows in hours, contract lists comma-separated, empty limits meaning none. */
    private String newName;
    private String source;
    private String destination;
    private String newCertificatePem;
    private int requiredApprovals = 2;
    private List<String> approverOrganizations = new ArrayList<>();
    private long submitHours = 24 * 7;
    private long approvalHours = 24 * 3;
    private long downloadHours = 24;
    private int maxDownloads = 1;
    private String fileNamePatterns;
    private String csvColumns;
    private Long maxFiles;
    private Long maxBytesPerFile;
    private Long maxRecordsPerFile;
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

    /** Pending changes, for approvers; one form decides on the one chosen. */
    public List<ChannelChange> getDecidableChanges() {
        return console.holds("APPROVER") ? channels.pendingChanges() : List.of();
    }

    public List<SystemAccount> getAccounts() {
        return accounts.all(console.caller());
    }

    public List<Organization> getOrganizations() {
        return officials.organizations(console.caller());
    }

    public String create() {
        return act(() -> {
            Channels.ChannelDefinition definition;
            try {
                definition = new Channels.ChannelDefinition(new ChannelName(newName), new AccountName(source),
                        new AccountName(destination), newCertificatePem, requiredApprovals,
                        new HashSet<>(approverOrganizations), new Windows(Duration.ofHours(submitHours),
                                Duration.ofHours(approvalHours), Duration.ofHours(downloadHours), maxDownloads),
                        new DataContract(list(fileNamePatterns), list(csvColumns), limit(maxFiles),
                                limit(maxBytesPerFile), OptionalLong.empty(), limit(maxRecordsPerFile),
                                OptionalLong.empty()));
            } catch (IllegalArgumentException invalid) {
                throw new Refused(Refused.Kind.INVALID, "invalid-channel", invalid.getMessage());
            }
            channels.create(console.caller(), definition);
        }, "channels.created");
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(entry -> !entry.isEmpty()).toList();
    }

    private static OptionalLong limit(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** What a change proposes, as an official compares it: the certificate's facts, or the new destination. */
    public String proposal(ChannelChange change) {
        return change.kind() == ChannelChange.Kind.DESTINATION
                ? console.text("channels.newDestination") + ": " + change.proposedValue()
                : console.text("channels.newCertificate") + ": " + certificate(change.proposedValue());
    }

    public String proposeDestination() {
        return act(() -> channels.proposeDestination(console.caller(), new ChannelName(channel),
                new AccountName(newDestinationAccount)), "channels.proposed");
    }

    public String propose() {
        return act(() -> channels.proposeRecipientCertificate(console.caller(), new ChannelName(channel),
                certificatePem), "channels.proposed");
    }

    public String approve() {
        return act(() -> channels.decideChange(console.caller(), changeId, true, totp, null), "channels.approved");
    }

    public String reject() {
        return act(() -> channels.decideChange(console.caller(), changeId, false, totp, reason),
                "channels.rejected");
    }

    /** A name typed that no channel or account can have is refused like any invalid channel; a code is never kept. */
    private String act(Runnable action, String doneKey) {
        try {
            return console.act(() -> {
                try {
                    action.run();
                } catch (IllegalArgumentException invalidName) {
                    throw new Refused(Refused.Kind.INVALID, "invalid-channel", invalidName.getMessage());
                }
            }, doneKey, "/console/channels.xhtml?faces-redirect=true");
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

    public long getChangeId() {
        return changeId;
    }

    public void setChangeId(long changeId) {
        this.changeId = changeId;
    }

    public String getNewDestinationAccount() {
        return newDestinationAccount;
    }

    public void setNewDestinationAccount(String newDestinationAccount) {
        this.newDestinationAccount = newDestinationAccount;
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

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public String getNewCertificatePem() {
        return newCertificatePem;
    }

    public void setNewCertificatePem(String newCertificatePem) {
        this.newCertificatePem = newCertificatePem;
    }

    public int getRequiredApprovals() {
        return requiredApprovals;
    }

    public void setRequiredApprovals(int requiredApprovals) {
        this.requiredApprovals = requiredApprovals;
    }

    public List<String> getApproverOrganizations() {
        return approverOrganizations;
    }

    public void setApproverOrganizations(List<String> approverOrganizations) {
        this.approverOrganizations = approverOrganizations;
    }

    public long getSubmitHours() {
        return submitHours;
    }

    public void setSubmitHours(long submitHours) {
        this.submitHours = submitHours;
    }

    public long getApprovalHours() {
        return approvalHours;
    }

    public void setApprovalHours(long approvalHours) {
        this.approvalHours = approvalHours;
    }

    public long getDownloadHours() {
        return downloadHours;
    }

    public void setDownloadHours(long downloadHours) {
        this.downloadHours = downloadHours;
    }

    public int getMaxDownloads() {
        return maxDownloads;
    }

    public void setMaxDownloads(int maxDownloads) {
        this.maxDownloads = maxDownloads;
    }

    public String getFileNamePatterns() {
        return fileNamePatterns;
    }

    public void setFileNamePatterns(String fileNamePatterns) {
        this.fileNamePatterns = fileNamePatterns;
    }

    public String getCsvColumns() {
        return csvColumns;
    }

    public void setCsvColumns(String csvColumns) {
        this.csvColumns = csvColumns;
    }

    public Long getMaxFiles() {
        return maxFiles;
    }

    public void setMaxFiles(Long maxFiles) {
        this.maxFiles = maxFiles;
    }

    public Long getMaxBytesPerFile() {
        return maxBytesPerFile;
    }

    public void setMaxBytesPerFile(Long maxBytesPerFile) {
        this.maxBytesPerFile = maxBytesPerFile;
    }

    public Long getMaxRecordsPerFile() {
        return maxRecordsPerFile;
    }

    public void setMaxRecordsPerFile(Long maxRecordsPerFile) {
        this.maxRecordsPerFile = maxRecordsPerFile;
    }
}
