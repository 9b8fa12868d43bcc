package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium, driven by Selenium through Debian's
 * chromedriver), through the gateway of the whole platform: sign up, top up with (a fake of)
 * Stripe Checkout and its signed webhook, create a key, a streamed answer in the playground, the
 * request on the dashboard and in the usage log, an invited member who sees no key button and is
 * refused by the server anyway, a price changed by the platform admin and the next request billed
 * at it. Every screen is checked with axe-core (no serious or critical violation), for horizontal
 * overflow at 375 px wide, and photographed into {@code docs/console/}.
 *
 * <p>Skipped, with a message, where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is
 * missing ({@code .ci/run} installs both).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern TOKEN_IN_LINK = Pattern.compile("(/accept-invitation\\?token=[A-Za-z0-9_-]+)");
    private static final String PASSWORD = "console-owner-password";
    private static final String MEMBER_PASSWORD = "console-member-password";

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final String gateway;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The form of each Checkout Session billing created, by client_reference_id. */
    private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

    private HttpServer stripe;
    private WebDriver browser;
    private Path screenshots;

    ConsoleBrowserIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
        this.gateway = platform.gatewayUrl();
    }

    @BeforeAll
    void startBrowserAndFakeStripe() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
                        + " (apt-get install -y chromium chromium-driver; .ci/run does it)");
        screenshots = Files.createDirectories(platform.root().resolve("docs/console"));
        startFakeStripe();
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
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (stripe != null) stripe.stop(0);
    }

    @Test
    void aCompanyTopsUpChatsInvitesAndPaysTheAdminsNewPrice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String model = "console-gpt-" + suffix;
        String providerId = fixtures.createProvider("console-mock-" + suffix, "mock-key");
        fixtures.priceModel(model, List.of(offering(providerId, "mock-gpt", new BigDecimal("2"), new BigDecimal("4"))));
        String email = "owner-" + suffix + "@console.test";

        // Sign up: the company is registered and its owner signed in.
        open("/signup");
        type("name", "Console Co " + suffix);
        type("email", email);
        type("password", PASSWORD);
        type("description", "A company that uses the console");
        type("website", "https://console.test");
        type("phone", "+15555550100");
        type("city", "Berlin");
        type("country", "DE");
        check("signup");
        submit("form.stack");
        awaitText("h1", "Dashboard");
        assertThat(new BigDecimal(text("#balance").replace("$", ""))).isEqualByComparingTo("0");
        check("dashboard-empty");

        // Top up through Stripe Checkout: the browser goes to (fake) Stripe, Stripe's signed
        // webhook credits the balance, Stripe sends the browser back to the console.
        open("/billing");
        check("billing");
        browser.findElement(By.cssSelector("#top-up input[name=amount]")).clear();
        type("amount", "20");
        submit("#top-up");
        await(() -> browser.getCurrentUrl().startsWith(platform.fakeStripeUrl()), "on the Checkout page");
        var form = sessions.values().iterator().next();
        String topUpId = form.get("client_reference_id");
        deliverPaidWebhook(form, topUpId);
        browser.findElement(By.id("pay")).click();
        awaitText("#top-up-status", "PAID");
        assertThat(browser.getCurrentUrl()).startsWith(gateway + "/billing/top-ups/" + topUpId);
        assertThat(new BigDecimal(text("#balance").replace("$", ""))).isEqualByComparingTo("20");
        check("top-up-return");

        // Create a key: the secret is shown once, with a copy button.
        open("/keys");
        browser.findElement(By.cssSelector("#create-key summary")).click();
        type("name", "laptop");
        type("monthly_spend_limit", "5");
        check("keys");
        submit("#create-key form");
        awaitText("h1", "created");
        assertThat(text("#new-key")).startsWith("sk-agg-");
        assertThat(browser.findElements(By.cssSelector("button[data-copy=new-key]")))
                .hasSize(1);
        check("key-created");

        // The playground: the answer streams in with its provider, tokens and cost.
        var first = chat(model);
        assertThat(first.provider()).isEqualTo("console-mock-" + suffix);
        assertThat(first.cost()).isEqualByComparingTo(cost(first, "2", "4"));
        check("playground");

        // The dashboard and the usage page show the request (analytics records it asynchronously).
        awaitOnReload("/dashboard", () -> text("#month-requests").equals("1"));
        check("dashboard");
        awaitOnReload(
                "/usage",
                () -> !browser.findElements(By.cssSelector("#request-log tbody tr"))
                        .isEmpty());
        assertThat(text("#request-log tbody tr")).contains(model);
        check("usage");

        // Invite a member, who accepts from the mailed link and sees no key button.
        open("/team");
        String memberEmail = "member-" + suffix + "@console.test";
        type("email", memberEmail);
        submit("#invite");
        awaitText(".notice.ok", "Invitation e-mailed");
        check("team");
        open("/preferences?model=" + model);
        check("preferences");
        open("/audit");
        check("audit");
        signOut();
        String link = awaitInvitationLink(memberEmail);
        open(link);
        check("accept-invitation");
        type("name", "Member " + suffix);
        type("password", MEMBER_PASSWORD);
        submit("form.stack");
        awaitText("h1", "Dashboard");
        open("/keys");
        assertThat(browser.findElements(By.id("create-key"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("button.danger"))).isEmpty();
        check("keys-member");
        // The server refuses the member anyway: a forged create posts the form the page hides.
        var refused = (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                        var done = arguments[arguments.length - 1];
                        var body = new URLSearchParams({name: "forged", _csrf: document.querySelector("input[name=_csrf]").value});
                        fetch("/keys", {method: "POST", body: body}).then(r => r.text()).then(done, e => done(String(e)));""");
        assertThat(refused).contains("notice error").doesNotContain("id=\"new-key\"");
        signOut();

        // The platform admin changes the price; the next request costs the new price.
        open("/signin");
        check("signin");
        type("email", Platform.ADMIN_EMAIL);
        type("password", Platform.ADMIN_PASSWORD);
        submit("form.stack");
        awaitText("h1", "Platform admin");
        browser.findElement(By.cssSelector("#set-price summary")).click();
        type("model", model);
        new Select(browser.findElement(By.name("provider_id"))).selectByValue(providerId);
        type("provider_model", "mock-gpt");
        type("input_price_per_million", "20");
        type("output_price_per_million", "40");
        check("admin");
        submit("#set-price form");
        awaitText(".notice.ok", "saved");
        var changedAt = Instant.now();
        signOut();
        signIn(email, PASSWORD);
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), changedAt.plusMillis(1500)).toMillis()));
        var second = chat(model);
        assertThat(second.cost()).isEqualByComparingTo(cost(second, "20", "40"));
        assertThat(second.cost()).isGreaterThan(first.cost());
    }

    /** What the playground showed for one streamed answer. */
    private record Answer(String text, String provider, long promptTokens, long completionTokens, BigDecimal cost) {}

    private Answer chat(String model) {
        open("/playground");
        new Select(browser.findElement(By.name("model"))).selectByValue(model);
        var message = browser.findElement(By.name("message"));
        message.clear();
        message.sendKeys("Say hello to the console.");
        submit("#playground");
        awaitText("#answer-status", "Done.");
        String answer = text("#answer");
        assertThat(answer).as("the streamed answer").isNotBlank();
        var tokens = Pattern.compile("(\\d+) in, (\\d+) out").matcher(text("#fact-tokens"));
        assertThat(tokens.find()).as("tokens shown: %s", text("#fact-tokens")).isTrue();
        return new Answer(
                answer,
                text("#fact-provider"),
                Long.parseLong(tokens.group(1)),
                Long.parseLong(tokens.group(2)),
                new BigDecimal(text("#fact-cost").replace("$", "")));
    }

    /** The price of an answer's tokens, per million, to the 8 decimals money is kept in. */
    private static BigDecimal cost(Answer answer, String inputPerMillion, String outputPerMillion) {
        return new BigDecimal(answer.promptTokens())
                .multiply(new BigDecimal(inputPerMillion))
                .add(new BigDecimal(answer.completionTokens()).multiply(new BigDecimal(outputPerMillion)))
                .divide(new BigDecimal(1_000_000), 8, RoundingMode.HALF_UP);
    }

    private void signIn(String email, String password) {
        open("/signin");
        type("email", email);
        type("password", password);
        submit("form.stack");
        awaitText("h1", "Dashboard");
    }

    private void signOut() {
        browser.findElement(By.cssSelector(".who button")).click();
        awaitText("h1", "Sign in");
    }

    private void open(String path) {
        browser.get(path.startsWith("http") ? path : gateway + path);
        await(
                () -> "complete".equals(((JavascriptExecutor) browser).executeScript("return document.readyState")),
                "page loaded");
    }

    private void type(String name, String value) {
        var field = browser.findElements(By.name(name)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no visible field " + name + " on " + browser.getCurrentUrl()));
        field.clear();
        field.sendKeys(value);
    }

    private void submit(String formSelector) {
        browser.findElement(By.cssSelector(formSelector + " button[type=submit]"))
                .click();
    }

    private String text(String selector) {
        return browser.findElement(By.cssSelector(selector)).getText().strip();
    }

    private void awaitText(String selector, String expected) {
        await(
                () -> browser.findElements(By.cssSelector(selector)).stream()
                        .anyMatch(e -> e.getText().contains(expected)),
                selector + " shows " + expected);
    }

    private void awaitOnReload(String path, java.util.function.BooleanSupplier done) {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            open(path);
            try {
                if (done.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // element not there yet
            }
            if (Instant.now().isAfter(deadline))
                throw new AssertionError(path + " did not show the request within 30 s");
            sleep(500);
        }
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> what + " (at " + browser.getCurrentUrl() + ")")
                .until(driver -> condition.getAsBoolean());
    }

    /**
     * Checks the page as it is: axe-core finds no serious or critical violation, nothing but a
     * table scrolls sideways at 375 px wide; then photographs it for docs/console.md.
     */
    private void check(String name) throws IOException {
        var results = new AxeBuilder().analyze(browser);
        var severe = new ArrayList<String>();
        for (Rule violation : results.getViolations()) {
            if ("serious".equals(violation.getImpact()) || "critical".equals(violation.getImpact())) {
                severe.add(violation.getId() + ": " + violation.getHelp() + " "
                        + violation.getNodes().stream()
                                .map(node -> String.valueOf(node.getTarget()))
                                .toList());
            }
        }
        assertThat(severe)
                .as("axe-core serious or critical violations on %s", name)
                .isEmpty();
        screenshot(name);
        var size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(375, 812));
        try {
            var overflow = (Boolean) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
            assertThat(overflow).as("%s scrolls sideways at 375 px", name).isFalse();
            var mobile = new AxeBuilder()
                    .analyze(browser).getViolations().stream()
                            .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                            .map(Rule::getId)
                            .toList();
            assertThat(mobile).as("axe-core at 375 px on %s", name).isEmpty();
            if (name.equals("dashboard") || name.equals("playground")) screenshot(name + "-375px");
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
    }

    private String awaitInvitationLink(String address) throws Exception {
        var deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            for (MimeMessage message : platform.mail().getReceivedMessages()) {
                for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                    if (!recipient.toString().equalsIgnoreCase(address)) continue;
                    var matcher = TOKEN_IN_LINK.matcher(message.getContent().toString());
                    if (matcher.find()) return gateway + matcher.group(1);
                }
            }
            sleep(100);
        }
        throw new AssertionError("no invitation mail to " + address + " within 15 s");
    }

    private void startFakeStripe() throws IOException {
        var address = URI.create(platform.fakeStripeUrl());
        stripe = HttpServer.create(new InetSocketAddress(address.getHost(), address.getPort()), 0);
        stripe.createContext("/v1/checkout/sessions", exchange -> {
            var form = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            var sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
            form.put("session_id", sessionId);
            sessions.put(form.get("client_reference_id"), form);
            var body = """
                    {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "open",
                     "payment_status": "unpaid", "amount_total": %s, "currency": "usd",
                     "client_reference_id": "%s", "url": "%s/c/pay/%s"}""".formatted(
                            sessionId,
                            form.get("line_items[0][price_data][unit_amount]"),
                            form.get("client_reference_id"),
                            platform.fakeStripeUrl(),
                            sessionId);
            respond(exchange, 200, "application/json", body);
        });
        // Checkout's page: one link back to the success URL billing gave, as Stripe redirects.
        stripe.createContext("/c/pay/", exchange -> {
            String sessionId = exchange.getRequestURI().getPath().substring("/c/pay/".length());
            var form = sessions.values().stream()
                    .filter(f -> sessionId.equals(f.get("session_id")))
                    .findFirst()
                    .orElseThrow();
            var page = """
                    <!DOCTYPE html><html lang="en"><head><title>Fake Stripe Checkout</title></head>
                    <body><main><h1>Fake Stripe Checkout</h1><p>Pay %s cents</p>
                    <a id="pay" href="%s">Pay</a></main></body></html>""".formatted(form.get("line_items[0][price_data][unit_amount]"), form.get("success_url"));
            respond(exchange, 200, "text/html; charset=utf-8", page);
        });
        stripe.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void deliverPaidWebhook(Map<String, String> form, String topUpId) throws Exception {
        String payload = """
                {"id": "evt_%s", "object": "event", "api_version": "2025-03-31.basil", "created": %d,
                 "data": {"object": {"id": "%s", "object": "checkout.session", "amount_total": %s, "currency": "usd",
                   "client_reference_id": "%s", "metadata": {"top_up_id": "%s", "company_id": "%s"},
                   "payment_intent": "pi_%s", "payment_status": "paid", "status": "complete"}},
                 "livemode": false, "pending_webhooks": 1, "type": "checkout.session.completed"}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""),
                        System.currentTimeMillis() / 1000,
                        form.get("session_id"),
                        form.get("line_items[0][price_data][unit_amount]"),
                        topUpId,
                        topUpId,
                        form.get("metadata[company_id]"),
                        UUID.randomUUID().toString().replace("-", ""));
        long now = System.currentTimeMillis() / 1000;
        String signature = "t=" + now + ",v1="
                + Webhook.Util.computeHmacSha256(Platform.STRIPE_WEBHOOK_SECRET, now + "." + payload);
        var request = HttpRequest.newBuilder(URI.create(gateway + "/v1/billing/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(200);
    }

    private static Map<String, String> decode(String body) {
        var form = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
