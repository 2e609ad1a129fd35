package jp.sekisho.identity.boundary;

import java.util.List;

import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;

/** An official as administrators and auditors see them; never their password or authenticator secret. */
public record OfficialView(String login, String displayName, String organizationCode, String organizationName,
        List<Role> roles, boolean enabled, boolean enrolled, String timeZone) {

    public static OfficialView of(Official official) {
        return new OfficialView(official.login(), official.displayName(), official.organization().code(),
                official.organization().name(), official.roles().stream().sorted().toList(), official.enabled(),
                official.totpEnrolled(), official.timeZone().getId());
    }
}
