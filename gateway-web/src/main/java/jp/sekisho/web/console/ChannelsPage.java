package jp.sekisho.web.console;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.channel.boundary.ChannelChangeView;
import jp.sekisho.channel.boundary.ChannelChanges;
import jp.sekisho.channel.boundary.ChannelView;
import jp.sekisho.channel.boundary.Channels;
import jp.sekisho.channel.boundary.NewChannel;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.identity.boundary.Officials;
import jp.sekisho.identity.boundary.OrganizationView;
import jp.sekisho.identity.boundary.SystemAccountView;
import jp.sekisho.identity.boundary.SystemAccounts;
import jp.sekisho.keys.CertificateSummary;

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

    @EJB
    ChannelChanges changes;

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
    private Long maxBytesPerBatch;
    private Long maxRecordsPerBatch;
    private String totp;
    /** Each list is asked for several times while a page renders; it is read once per request. */
    private transient List<ChannelView> channelList;
    private transient List<ChannelChangeView> changeList;
    private transient List<ChannelChangeView> decidable;
    private String reason;

    public List<ChannelView> getChannels() {
        if (channelList == null) {
            channelList = channels.all(console.caller());
        }
        return channelList;
    }

    public List<ChannelChangeView> getChanges() {
        if (changeList == null) {
            changeList = changes.all(console.caller());
        }
        return changeList;
    }

    /** Subject, expiry and SHA-256 fingerprint of a certificate: what an official compares with the recipient. */
    public String certificate(CertificateSummary certificate) {
        return certificate.subject() + " — " + console.text("channels.notAfter") + " "
                + console.time(certificate.notAfter()) + " — SHA-256 " + certificate.sha256();
    }

    public String approvers(ChannelView channel) {
        return String.join(", ", channel.approverOrganizations());
    }

    public String contract(ChannelView channel) {
        return DataContract.NONE.equals(channel.contract()) ? console.text("channels.noContract")
                : channel.contract().toJson();
    }

    /** Pending changes, for approvers; one form decides on the one chosen. */
    public List<ChannelChangeView> getDecidableChanges() {
        if (decidable == null) {
            decidable = console.holds("APPROVER") ? changes.pending(console.caller()) : List.of();
        }
        return decidable;
    }

    public List<SystemAccountView> getAccounts() {
        return accounts.all(console.caller());
    }

    public List<OrganizationView> getOrganizations() {
        return officials.organizations(console.caller());
    }

    /** The same use case as POST /api/channels; the form takes the windows in hours. */
    public String create() {
        return act(() -> channels.create(console.caller(), new NewChannel(newName, source, destination,
                newCertificatePem, requiredApprovals, new HashSet<>(approverOrganizations),
                Duration.ofHours(submitHours), Duration.ofHours(approvalHours), Duration.ofHours(downloadHours),
                maxDownloads, list(fileNamePatterns), list(csvColumns), maxFiles, maxBytesPerFile, maxBytesPerBatch,
                maxRecordsPerFile, maxRecordsPerBatch)), "channels.created");
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(entry -> !entry.isEmpty()).toList();
    }

    /** What a change proposes, as an official compares it: the certificate's facts, or the new destination. */
    public String proposal(ChannelChangeView change) {
        return change.destination() != null
                ? console.text("channels.newDestination") + ": " + change.destination()
                : console.text("channels.newCertificate") + ": " + certificate(change.certificate());
    }

    /** Who approved, and who rejected with which reason. */
    public String decisions(ChannelChangeView change) {
        String approvers = change.approvals().isEmpty() ? "—" : change.approvals().stream()
                .map(approval -> approval.approver().displayName()).collect(Collectors.joining(", "));
        return change.rejectedBy() == null ? approvers
                : approvers + " ✗ " + change.rejectedBy().displayName() + ": " + change.reason();
    }

    public String proposeDestination() {
        return act(() -> changes.proposeDestination(console.caller(), channel, newDestinationAccount),
                "channels.proposed");
    }

    public String propose() {
        return act(() -> changes.proposeRecipientCertificate(console.caller(), channel, certificatePem),
                "channels.proposed");
    }

    public String approve() {
        return act(() -> changes.decide(console.caller(), changeId, true, totp, null), "channels.approved");
    }

    public String reject() {
        return act(() -> changes.decide(console.caller(), changeId, false, totp, reason), "channels.rejected");
    }

    /** A code is never kept, whatever the outcome. */
    private String act(Runnable action, String doneKey) {
        try {
            return console.act(action, doneKey, "/console/channels.xhtml?faces-redirect=true");
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

    public Long getMaxBytesPerBatch() {
        return maxBytesPerBatch;
    }

    public void setMaxBytesPerBatch(Long maxBytesPerBatch) {
        this.maxBytesPerBatch = maxBytesPerBatch;
    }

    public Long getMaxRecordsPerBatch() {
        return maxRecordsPerBatch;
    }

    public void setMaxRecordsPerBatch(Long maxRecordsPerBatch) {
        this.maxRecordsPerBatch = maxRecordsPerBatch;
    }
}
