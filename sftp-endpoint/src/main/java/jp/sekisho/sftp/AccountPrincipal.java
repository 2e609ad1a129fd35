package jp.sekisho.sftp;

import java.nio.file.attribute.GroupPrincipal;

/** The owner shown in listings: the account itself, since every entry it can see belongs to its own view. */
record AccountPrincipal(String getName) implements GroupPrincipal {

    @Override
    public String toString() {
        return getName;
    }
}
