package jp.sekisho.identity.boundary;

import java.util.List;

import jp.sekisho.identity.entity.Organization;

/**
 * An organization as officials see it: its code and name, and the codes of the organizations that contracted it,
 * nearest first (empty for a client itself).
 */
public record OrganizationView(String code, String name, List<String> contractedBy) {

    public static OrganizationView of(Organization organization) {
        return new OrganizationView(organization.code(), organization.name(), organization.contractorChain().stream()
                .skip(1).map(Organization::code).toList());
    }

    /** {@code organization} first, then whoever contracted it, up to the data owner's side. */
    public static List<OrganizationView> chainOf(Organization organization) {
        return organization.contractorChain().stream().map(OrganizationView::of).toList();
    }
}
