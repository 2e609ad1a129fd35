package jp.sekisho.approval.entity;

import java.util.Set;

import jp.sekisho.identity.entity.Organization;
import jp.sekisho.shared.InvalidValue;

/** How many distinct approvers a batch needs, and from which organizations (empty: any). */
public record ApprovalPolicy(int requiredApprovals, Set<Organization> approverOrganizations) {

    public ApprovalPolicy {
        if (requiredApprovals < 2) {
            throw new InvalidValue("A channel needs at least two approvals");
        }
        approverOrganizations = Set.copyOf(approverOrganizations);
    }

    public boolean admitsApproverFrom(Organization organization) {
        return approverOrganizations.isEmpty()
                || approverOrganizations.stream().anyMatch(allowed -> allowed.id().equals(organization.id()));
    }
}
