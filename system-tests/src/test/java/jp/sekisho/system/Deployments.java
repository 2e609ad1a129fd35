package jp.sekisho.system;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR exactly as {@code mvn package} built it: the tests deploy the product, not a test assembly of it. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("sekisho.test.war")));
    }
}
