package jp.sekisho.channel.boundary;

import java.util.List;

import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.keys.CertificateSummary;

/**
 * A channel as officials must know it: who sends to whom, sealed to which certificate, approved by whom, for how
 * long, under which data contract.
 */
public record ChannelView(String name, String source, String destination, CertificateSummary recipientCertificate,
        int requiredApprovals, List<String> approverOrganizations, Windows windows, DataContract contract) {

    static ChannelView of(Channel channel) {
        return new ChannelView(channel.name().value(), channel.source().name().value(),
                channel.destination().name().value(), CertificateSummary.ofPem(channel.recipientCertificatePem()),
                channel.policy().requiredApprovals(), channel.policy().approverOrganizations().stream()
                        .map(Organization::code).sorted().toList(), channel.windows(), channel.dataContract());
    }
}
