package jp.sekisho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The files docs/deploy/ tells an operator to install: the systemd unit is one systemd itself accepts, the settings
 * file names only settings the gateway has (a misspelt key would be ignored without a word), and HAProxy accepts its
 * configuration with exactly the variables balancer.env lists.
 */
class DeployFilesIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("sekisho.test.repository", ".."));
    private static final Path DEPLOY = REPOSITORY.resolve("docs").resolve("deploy");

    @Test
    void systemdAcceptsTheUnitWithoutAWarning() {
        Processes.Result verified = Processes.run((String) null, "systemd-analyze", "verify",
                DEPLOY.resolve("sekisho.service").toString());
        // The only complaint allowed here: the installation's own paths, which this machine does not have.
        List<String> complaints = verified.output().lines()
                .filter(line -> !line.contains("Command /opt/sekisho/sekisho is not executable")).toList();
        assertEquals(List.of(), complaints, verified.output());
    }

    @Test
    void everySettingOfTheEnvironmentFileIsADocumentedOne() throws Exception {
        String configuration = Files.readString(REPOSITORY.resolve("README.md"));
        configuration = configuration.substring(configuration.indexOf("## Configuration"));
        configuration = configuration.substring(0, configuration.indexOf("\n## ", 5));
        Matcher key = Pattern.compile("(?m)^#?(SEKISHO_[A-Z_]+)=").matcher(Files.readString(DEPLOY.resolve(
                "sekisho.env")));
        int keys = 0;
        while (key.find()) {
            keys++;
            assertTrue(configuration.contains("`" + key.group(1) + "`"), key.group(1)
                    + " is not in the README's Configuration table");
        }
        assertTrue(keys >= 10, "the file was read: " + keys + " keys");
        String unit = Files.readString(DEPLOY.resolve("sekisho.service"));
        Matcher set = Pattern.compile("(?m)^Environment=(SEKISHO_[A-Z_]+)=").matcher(unit);
        while (set.find()) {
            assertTrue(configuration.contains("`" + set.group(1) + "`"), set.group(1) + " of the unit");
        }
    }

    @Test
    void haproxyAcceptsItsConfigurationWithTheVariablesOfBalancerEnv() throws Exception {
        Map<String, String> environment = new HashMap<>();
        Matcher variable = Pattern.compile("(?m)^(SEKISHO_[A-Z0-9_]+)=(.*)$").matcher(Files.readString(
                DEPLOY.resolve("balancer.env")));
        while (variable.find()) {
            environment.put(variable.group(1), variable.group(2));
        }
        Matcher used = Pattern.compile("\\$\\{(SEKISHO_[A-Z0-9_]+)}").matcher(Files.readString(
                DEPLOY.resolve("haproxy.cfg")));
        Set<String> named = new TreeSet<>();
        while (used.find()) {
            named.add(used.group(1));
        }
        assertEquals(new TreeSet<>(environment.keySet()), named, "balancer.env lists what haproxy.cfg reads");
        // HAProxy reads the certificate files while checking: a throwaway pair stands in for the city's.
        Path pki = Files.createTempDirectory("balancer-pki");
        Processes.run(pki, null, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=balancer", "-days", "1");
        Files.writeString(pki.resolve("balancer.pem"), Files.readString(pki.resolve("cert.pem"))
                + Files.readString(pki.resolve("key.pem")));
        environment.put("SEKISHO_BALANCER_PEM", pki.resolve("balancer.pem").toString());
        environment.put("SEKISHO_MEMBER_CA", pki.resolve("cert.pem").toString());
        Processes.Result checked = Processes.run(environment, null, null,
                List.of("haproxy", "-c", "-f", DEPLOY.resolve("haproxy.cfg").toString()));
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("Configuration file is valid"), checked.output());
    }
}
