package jp.sekisho.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through chromium-driver: an official at the console, in one language. Each
 * page the test passes through can be saved as a screenshot under target/screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int HTTPS_PORT = Integer.getInteger("sekisho.test.httpsPort", 8443);

    private final WebDriver driver;
    private final URL base;
    private final String language;

    private Browser(WebDriver driver, URL base, String language) {
        this.driver = driver;
        this.base = base;
        this.language = language;
    }

    /** A fresh browser (no cookies) whose Accept-Language is {@code language}. */
    static Browser open(URL base, String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        // Payara's self-signed certificate: the test checks the console's behaviour, not the certificate.
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, base, language);
    }

    void go(String path) {
        driver.get(httpsBase(base) + path);
    }

    /** The deployment's base address on the HTTPS port, where the console is served. */
    static String httpsBase(URL base) {
        return "https://" + base.getHost() + ":" + HTTPS_PORT + base.getPath().replaceAll("/$", "");
    }

    /** Logs in at the console's login page with the demo official's password and a fresh code. */
    void logIn(String login) {
        logIn(login, Gateway.official(login).getString("password"), Gateway.official(login).getString("totpSecret"));
    }

    /** Logs in an official a test created and enrolled, with the password they chose and their authenticator. */
    void logIn(String login, String password, String totpSecret) {
        go("/console/login.xhtml");
        type("signin:login", login);
        type("signin:password", password);
        type("signin:totp", Gateway.freshTotp(login, totpSecret));
        click("signin:submit");
        if (url().contains("/console/login.xhtml")) {
            throw new AssertionError("login of " + login + " failed: " + text("#messages"));
        }
    }

    void logOut() {
        click("logout:submit");
    }

    void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a field's value as a picker would (a date field's typing order depends on the browser's locale). */
    void setValue(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]",
                driver.findElement(By.id(id)), value);
    }

    /** Whether the browser's own form validation accepts the field's value (min, max, type). */
    boolean valid(String id) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return arguments[0].checkValidity()",
                driver.findElement(By.id(id))));
    }

    /** Selects the option with this value in a drop-down list. */
    void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id(id))).selectByValue(value);
    }

    /** Ticks or unticks a checkbox of a group by its value. */
    void check(String groupId, String value, boolean checked) {
        WebElement box = driver.findElement(By.cssSelector("input[name='" + groupId + "'][value='" + value + "']"));
        if (box.isSelected() != checked) {
            box.click();
        }
    }

    /** The pixels of one element as the screen shows them. */
    java.awt.image.BufferedImage image(String id) {
        try {
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    driver.findElement(By.id(id)).getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clicks a button that submits a form, and waits until the next page replaced this one. */
    void click(String id) {
        WebElement button = driver.findElement(By.id(id));
        navigating(button::click);
    }

    /**
     * Runs an action that leaves the page and waits until the next page has loaded: the old document is marked
     * first, and the wait ends when a document without the mark is complete.
     */
    private void navigating(Runnable action) {
        JavascriptExecutor script = (JavascriptExecutor) driver;
        script.executeScript("document.documentElement.setAttribute('data-left', 'yes')");
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(browser ->
                Boolean.TRUE.equals(script.executeScript("return document.readyState === 'complete' "
                        + "&& !document.documentElement.hasAttribute('data-left')")));
    }

    /** Clicks the button of the table row that shows {@code text} (a key's fingerprint, say). */
    void clickInRowWith(String text) {
        WebElement button = driver.findElement(By.xpath("//tr[contains(., '" + text + "')]//input[@type='submit']"));
        navigating(button::click);
    }

    /** Types into a field given by CSS (fields of repeated forms have generated ids). */
    void typeAt(String cssSelector, String text) {
        WebElement field = driver.findElement(By.cssSelector(cssSelector));
        field.clear();
        field.sendKeys(text);
    }

    void clickAt(String cssSelector) {
        WebElement button = driver.findElement(By.cssSelector(cssSelector));
        navigating(button::click);
    }

    /** Opens the batch of that name from the dashboard's list of everything that concerns the official. */
    void openBatch(String name) {
        go("/console/index.xhtml");
        WebElement link = driver.findElement(By.cssSelector("#all")).findElement(By.linkText(name));
        navigating(link::click);
    }

    String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }

    List<WebElement> all(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    String title() {
        return driver.getTitle();
    }

    String pageSource() {
        return driver.getPageSource();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String sessionCookie() {
        return driver.manage().getCookieNamed("JSESSIONID").getValue();
    }

    /**
     * Saves what the page shows, and checks on the way that a keyboard or screen-reader user can use it: every
     * field has a label (or an aria-label) and nothing is focusable only by a script.
     */
    void screenshot(String name) {
        assertEveryFieldLabelled(name);
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(language + "-" + name + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every visible input, select and text area has a label naming it, so that it can be reached and understood. */
    void assertEveryFieldLabelled(String page) {
        Object unlabelled = ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('input, select, textarea'))"
                + ".filter(f => f.type !== 'hidden' && f.type !== 'submit' && f.type !== 'button')"
                + ".filter(f => !f.getAttribute('aria-label') && !(f.id && document.querySelector("
                + "'label[for=\"' + CSS.escape(f.id) + '\"]')) && !f.closest('label'))"
                + ".map(f => f.id || f.name)");
        if (!((List<?>) unlabelled).isEmpty()) {
            throw new AssertionError("fields without a label on " + page + ": " + unlabelled);
        }
        Object scripted = ((JavascriptExecutor) driver).executeScript(
                "return document.querySelectorAll('[onclick], [tabindex=\"-1\"]').length");
        if (((Number) scripted).intValue() != 0) {
            throw new AssertionError("elements that only a script or a mouse reaches on " + page);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
