package jp.sekisho.identity.boundary;

import jp.sekisho.identity.entity.Official;

/** An official as others see them on a batch or a decision: login, name and organization, nothing more. */
public record PersonView(String login, String displayName, String organizationCode, String organizationName) {

    public static PersonView of(Official official) {
        return official == null ? null : new PersonView(official.login(), official.displayName(),
                official.organization().code(), official.organization().name());
    }
}
