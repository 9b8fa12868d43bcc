package dev.aggregator.e2e;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in Debian's Chromium, driven by Selenium through Debian's chromedriver, at the
 * gateway's address: what the browser suites do on a page, and the checks every screen they visit
 * passes (axe-core finds no serious or critical violation, at full width and at 375 px, where
 * nothing but a table's own scroller scrolls sideways), with its screenshot for docs/console.md.
 *
 * <p>{@link #start} skips the calling test class, with a message, where {@code /usr/bin/chromium}
 * or {@code /usr/bin/chromedriver} is missing ({@code .ci/run} installs both).
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Screens also photographed at 375 px wide. */
    private static final Set<String> PHOTOGRAPHED_NARROW = Set.of("dashboard", "playground");

    private final WebDriver driver;
    private final String gateway;
    private final Path screenshots;

    private ConsoleBrowser(WebDriver driver, String gateway, Path screenshots) {
        this.driver = driver;
        this.gateway = gateway;
        this.screenshots = screenshots;
    }

    static ConsoleBrowser start(Platform platform) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
                        + " (apt-get install -y chromium chromium-driver; .ci/run does it)");
        Path screenshots;
        try {
            screenshots = Files.createDirectories(platform.root().resolve("docs/console"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new ConsoleBrowser(driver, platform.gatewayUrl(), screenshots);
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** Selenium itself, for what a suite does only once. */
    WebDriver driver() {
        return driver;
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Opens a path of the gateway (or a whole address) and waits for the page to load. */
    void open(String path) {
        driver.get(path.startsWith("http") ? path : gateway + path);
        await(() -> "complete".equals(script("return document.readyState")), "page loaded");
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Types into the visible field of that name, replacing what it held. */
    void type(String name, String value) {
        var field = driver.findElements(By.name(name)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no visible field " + name + " on " + driver.getCurrentUrl()));
        field.clear();
        field.sendKeys(value);
    }

    void submit(String formSelector) {
        driver.findElement(By.cssSelector(formSelector + " button[type=submit]"))
                .click();
    }

    void click(String selector) {
        driver.findElement(By.cssSelector(selector)).click();
    }

    String text(String selector) {
        return driver.findElement(By.cssSelector(selector)).getText().strip();
    }

    void awaitText(String selector, String expected) {
        await(
                () -> driver.findElements(By.cssSelector(selector)).stream()
                        .anyMatch(e -> e.getText().contains(expected)),
                selector + " shows " + expected);
    }

    /** Reloads the page until it shows what asynchronous work (analytics, events) settles into. */
    void awaitOnReload(String path, BooleanSupplier done) {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            open(path);
            try {
                if (done.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // element not there yet
            }
            if (Instant.now().isAfter(deadline)) throw new AssertionError(path + " did not show it within 30 s");
            sleep(500);
        }
    }

    void await(BooleanSupplier condition, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> what + " (at " + driver.getCurrentUrl() + ")")
                .until(ignored -> condition.getAsBoolean());
    }

    void signIn(String email, String password) {
        open("/signin");
        type("email", email);
        type("password", password);
        submit("form.stack");
        awaitText("h1", "Dashboard");
    }

    void signOut() {
        click(".who button");
        awaitText("h1", "Sign in");
    }

    /** Checks the screen as it is ({@link #audit}) and photographs it for docs/console.md. */
    void check(String screen) throws IOException {
        inspect(screen, true);
    }

    /**
     * Checks the screen as it is, without a photograph (for another state of a screen already
     * photographed): axe-core finds no serious or critical violation at full width nor at 375 px,
     * where nothing but a table scrolls sideways.
     */
    void audit(String screen) throws IOException {
        inspect(screen, false);
    }

    private void inspect(String screen, boolean photograph) throws IOException {
        Assertions.assertThat(severeViolations())
                .as("axe-core serious or critical violations on %s", screen)
                .isEmpty();
        if (photograph) screenshot(screen);
        var size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(375, 812));
        try {
            Assertions.assertThat(laidOutWithinWidth())
                    .as("%s scrolls sideways at 375 px", screen)
                    .isTrue();
            Assertions.assertThat(severeViolations())
                    .as("axe-core at 375 px on %s", screen)
                    .isEmpty();
            if (photograph && PHOTOGRAPHED_NARROW.contains(screen)) screenshot(screen + "-375px");
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    /**
     * Whether the page fits the window's width once it has laid itself out again: charts resize
     * from a resize observer, a frame or more after the window changed, so a page is given up to
     * 3 s before it counts as scrolling sideways.
     */
    private boolean laidOutWithinWidth() {
        var deadline = Instant.now().plus(Duration.ofSeconds(3));
        while (true) {
            var overflow = (Boolean)
                    script("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
            if (!overflow) return true;
            if (Instant.now().isAfter(deadline)) return false;
            sleep(100);
        }
    }

    private List<String> severeViolations() {
        return new AxeBuilder()
                .analyze(driver).getViolations().stream()
                        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                        .map(ConsoleBrowser::describe)
                        .toList();
    }

    private static String describe(Rule violation) {
        return violation.getId() + ": " + violation.getHelp() + " "
                + violation.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .toList();
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
