package jp.sekisho.channel.entity;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.InvalidValue;

/** A standing route from a source account to a destination account, with its policy and windows. */
@Entity
@Table(name = "channel")
public class Channel {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @ManyToOne(optional = false)
    @JoinColumn(name = "source_account_id")
    private SystemAccount source;

    @ManyToOne(optional = false)
    @JoinColumn(name = "destination_account_id")
    private SystemAccount destination;

    @Column(name = "recipient_certificate_pem", nullable = false)
    private String recipientCertificatePem;

    @Column(name = "required_approvals", nullable = false)
    private int requiredApprovals;

    @ManyToMany(fetch = FetchType.EAGER)
    @JoinTable(name = "channel_approver_organization",
            joinColumns = @JoinColumn(name = "channel_id"),
            inverseJoinColumns = @JoinColumn(name = "organization_id"))
    private Set<Organization> approverOrganizations = new HashSet<>();

    @Column(name = "submit_window_seconds", nullable = false)
    private long submitWindowSeconds;

    @Column(name = "approval_window_seconds", nullable = false)
    private long approvalWindowSeconds;

    @Column(name = "download_window_seconds", nullable = false)
    private long downloadWindowSeconds;

    @Column(name = "max_downloads", nullable = false)
    private int maxDownloads;

    @Column(name = "data_contract_json")
    private String dataContractJson;

    protected Channel() {
    }

    public Channel(ChannelName name, SystemAccount source, SystemAccount destination, String recipientCertificatePem,
            ApprovalPolicy policy, Windows windows, DataContract contract) {
        if (source.id() != null && source.id().equals(destination.id())) {
            throw new InvalidValue("A channel's source and destination must be different accounts");
        }
        this.name = name.value();
        this.source = source;
        this.destination = destination;
        this.recipientCertificatePem = recipientCertificatePem;
        this.requiredApprovals = policy.requiredApprovals();
        this.approverOrganizations = new HashSet<>(policy.approverOrganizations());
        this.submitWindowSeconds = windows.submit().toSeconds();
        this.approvalWindowSeconds = windows.approval().toSeconds();
        this.downloadWindowSeconds = windows.download().toSeconds();
        this.maxDownloads = windows.maxDownloads();
        this.dataContractJson = contract.equals(DataContract.NONE) ? null : contract.toJson();
    }

    /** Only through an applied {@link ChannelChange}; batches already open keep the certificate they had. */
    void replaceRecipientCertificate(String certificatePem) {
        this.recipientCertificatePem = certificatePem;
    }

    /**
     * Only through an applied {@link ChannelChange}, and only while no batch of the channel is open or visible to
     * the destination; batches keep the destination they were opened for.
     */
    void replaceDestination(SystemAccount newDestination) {
        this.destination = newDestination;
    }

    public DataContract dataContract() {
        return DataContract.fromJson(dataContractJson);
    }

    public Long id() {
        return id;
    }

    public ChannelName name() {
        return new ChannelName(name);
    }

    public SystemAccount source() {
        return source;
    }

    public SystemAccount destination() {
        return destination;
    }

    public String recipientCertificatePem() {
        return recipientCertificatePem;
    }

    public ApprovalPolicy policy() {
        return new ApprovalPolicy(requiredApprovals, approverOrganizations);
    }

    public Windows windows() {
        return new Windows(Duration.ofSeconds(submitWindowSeconds), Duration.ofSeconds(approvalWindowSeconds),
                Duration.ofSeconds(downloadWindowSeconds), maxDownloads);
    }
}
