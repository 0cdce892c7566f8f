package dev.parley.it;

import dev.parley.devstack.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through its WebDriver (chromedriver), with a profile of its own (one per
 * simulated person or browser). Both come from the machine (Debian: {@code apt-get install chromium
 * chromium-driver}; other paths with {@code -Dparley.it.chromium=} and {@code -Dparley.it.chromedriver=}).
 * Without them a browser test is skipped with a message saying so, except in CI, where it fails.
 */
final class Browser implements AutoCloseable {

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final Pattern DIRECT_OPENED = Pattern.compile(
            "Direct conversation with (\\S+): (\\S+), epoch (\\d+), (\\d+) device\\(s\\) added\\.");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile in {@code work/browser-<name>}, or skips the test without one. */
    static Browser start(Path work, String name) {
        Optional<Path> chromium = locate("parley.it.chromium", CHROMIUM);
        Optional<Path> chromedriver = locate("parley.it.chromedriver", CHROMEDRIVER);
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String reason = "No Chromium and chromedriver on this machine (Debian: apt-get install chromium chromium-driver;"
                    + " or -Dparley.it.chromium=... -Dparley.it.chromedriver=...)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason + "; CI must run the browser tests");
            }
            Assumptions.abort(reason + ": browser tests skipped");
        }
        Path profile = work.resolve("browser-" + name);
        Files2.deleteTree(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--window-size=1280,860", "--lang=en-US",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver-" + name + ".log").toFile())
                .build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the element is visible, then returns it. */
    WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Opens the web app, presses its sign-in button and signs in on the realm's login page. */
    void signInToApp(java.net.URI app, java.net.URI realm, String username, String password) {
        open(app.toString());
        click(By.id("sign-in"));
        signInOnRealmPage(realm, username, password);
    }

    /**
     * Signs in to the web app as {@code user} (password = username, as the test users have) on a browser that is not
     * yet a device, waits until it registered and uploaded its KeyPackages, and returns its device id.
     */
    String signInAsNewDevice(java.net.URI app, java.net.URI realm, AuthService.User user) {
        signInToApp(app, realm, user.username(), user.username());
        awaitText(By.id("device-key-packages"), "50 on the server, and a last-resort one (just uploaded)");
        return visible(By.id("device-id")).getText();
    }

    /** Signs in on the realm's own login page, which the app sent the browser to. */
    void signInOnRealmPage(java.net.URI realm, String username, String password) {
        awaitUrlStartingWith(realm + "/protocol/openid-connect/auth");
        type(By.id("username"), username);
        type(By.id("password"), password);
        click(By.id("kc-login"));
    }

    /**
     * Opens a direct conversation with {@code username} from the web client's form and returns its result line, matched:
     * the peer (1), the conversation id (2), the epoch (3), the devices added (4).
     */
    java.util.regex.Matcher openDirectConversation(String username) {
        type(By.id("direct-username"), username);
        click(By.id("direct-open"));
        String result = new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            String text = d.findElement(By.id("direct-result")).getText();
            return text.isEmpty() || text.startsWith("Starting") ? null : text;
        });
        java.util.regex.Matcher opened = DIRECT_OPENED.matcher(result);
        if (!opened.matches()) {
            throw new AssertionError("The web client answered: " + result);
        }
        return opened;
    }

    /** Waits until the element shows exactly this text. */
    void awaitText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(by, text));
    }

    /** Waits until the browser is at a page whose address starts with this. */
    void awaitUrlStartingWith(String prefix) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlMatches("^" + Pattern.quote(prefix)));
    }

    /** A screenshot named {@code fileName} in the screenshots folder ({@code parley.it.screenshots}). */
    void screenshot(String fileName) {
        screenshot(Path.of(System.getProperty("parley.it.screenshots", "target/screenshots"), fileName));
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Console errors since the last call that concern the page at {@code prefix} (script errors and refused loads
     * name its files) or its security policy (Content-Security-Policy and Trusted Types violations).
     */
    List<String> consoleErrorsAbout(String prefix) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> message.contains(prefix) || message.contains("Content Security Policy")
                        || message.contains("Trusted Type"))
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
        Files2.deleteTree(profile);
    }

    private static Optional<Path> locate(String property, List<String> candidates) {
        String configured = System.getProperty(property, "");
        Stream<String> paths = configured.isBlank() ? candidates.stream() : Stream.of(configured);
        return paths.map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
