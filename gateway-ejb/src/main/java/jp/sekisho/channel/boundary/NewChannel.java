package jp.sekisho.channel.boundary;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A new channel as an administrator states it, through the API or the console: the names as typed, the windows, and
 * the data contract's patterns, columns and limits (null for none). {@link Channels#create} checks every part and
 * refuses what is not valid, naming it.
 */
public record NewChannel(String name, String source, String destination, String recipientCertificatePem,
        int requiredApprovals, Set<String> approverOrganizations, Duration submitWindow, Duration approvalWindow,
        Duration downloadWindow, int maxDownloads, List<String> fileNamePatterns, List<String> csvColumns,
        Long maxFiles, Long maxBytesPerFile, Long maxBytesPerBatch, Long maxRecordsPerFile, Long maxRecordsPerBatch) {
}
