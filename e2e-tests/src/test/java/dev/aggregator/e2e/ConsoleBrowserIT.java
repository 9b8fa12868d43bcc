package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The web console in a real browser (Debian's Chromium, driven by Selenium through Debian's
 * chromedriver), through the gateway of the whole platform, in two flows. The main one: sign up,
 * top up with (a fake of) Stripe Checkout and its signed webhook, create a key, a streamed answer
 * in the playground, the request on the dashboard and in the usage log, an invited member who sees
 * no key button and is refused by the server anyway, a price changed by the platform admin and the
 * next request billed at it. The account screens, each step checked against what the API says
 * afterwards: an owner edits a key and revokes it, double-clicks "Pay with Stripe", subscribes to a
 * plan and cancels it, ranks and denies providers for a model, and resets the password through the
 * mailed link. Every screen is checked with axe-core (no serious or critical violation), for
 * horizontal overflow at 375 px wide, and photographed into {@code docs/console/} ({@link
 * ConsoleBrowser#check}).
 *
 * <p>Skipped, with a message, where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is
 * missing ({@code .ci/run} installs both).
 */
@ExtendWith({PlatformExtension.class, FakeStripe.Resolver.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final Pattern INVITATION_LINK = Pattern.compile("/accept-invitation\\?token=[A-Za-z0-9_-]+");
    private static final String PASSWORD = "console-owner-password";
    private static final String MEMBER_PASSWORD = "console-member-password";
    private static final Pattern RESET_LINK = Pattern.compile("/reset-password\\?token=[A-Za-z0-9_-]+");
    private static final String NEW_PASSWORD = "a-new-console-password";

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final String gateway;
    private final FakeStripe stripe;

    private ConsoleBrowser console;
    private WebDriver browser;

    ConsoleBrowserIT(Platform platform, FakeStripe stripe) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
        this.gateway = platform.gatewayUrl();
        this.stripe = stripe;
    }

    @BeforeAll
    void startBrowser() {
        console = ConsoleBrowser.start(platform);
        browser = console.driver();
    }

    @AfterAll
    void quitBrowser() {
        if (console != null) console.close();
    }

    @Test
    void aCompanyTopsUpChatsInvitesAndPaysTheAdminsNewPrice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String model = "console-gpt-" + suffix;
        String providerId = fixtures.createProvider("console-mock-" + suffix, "mock-key");
        fixtures.priceModel(model, List.of(offering(providerId, "mock-gpt", new BigDecimal("2"), new BigDecimal("4"))));
        String email = "owner-" + suffix + "@console.test";

        // Sign up: the company is registered and its owner signed in.
        console.open("/signup");
        console.type("name", "Console Co " + suffix);
        console.type("email", email);
        console.type("password", PASSWORD);
        console.type("description", "A company that uses the console");
        console.type("website", "https://console.test");
        console.type("phone", "+15555550100");
        console.type("city", "Berlin");
        console.type("country", "DE");
        console.check("signup");
        console.submit("form.stack");
        console.awaitText("h1", "Dashboard");
        assertThat(new BigDecimal(console.text("#balance").replace("$", ""))).isEqualByComparingTo("0");
        console.check("dashboard-empty");

        // Top up through Stripe Checkout: the browser goes to (fake) Stripe, Stripe's signed
        // webhook credits the balance, Stripe sends the browser back to the console.
        console.open("/billing");
        console.check("billing");
        browser.findElement(By.cssSelector("#top-up input[name=amount]")).clear();
        console.type("amount", "20");
        console.submit("#top-up");
        console.await(() -> browser.getCurrentUrl().startsWith(platform.fakeStripeUrl()), "on the Checkout page");
        var checkout = stripe.sessionAt(browser.getCurrentUrl());
        String topUpId = checkout.topUpId();
        var paid = FakeStripe.paidEvent(
                checkout, "pi_" + UUID.randomUUID().toString().replace("-", ""));
        assertThat(stripe.deliver(paid, FakeStripe.sign(paid))).isEqualTo(200);
        browser.findElement(By.id("pay")).click();
        console.awaitText("#top-up-status", "PAID");
        assertThat(browser.getCurrentUrl()).startsWith(gateway + "/billing/top-ups/" + topUpId);
        assertThat(new BigDecimal(console.text("#balance").replace("$", ""))).isEqualByComparingTo("20");
        console.check("top-up-return");

        // Create a key: the secret is shown once, with a copy button.
        console.open("/keys");
        browser.findElement(By.cssSelector("#create-key summary")).click();
        console.type("name", "laptop");
        console.type("monthly_spend_limit", "5");
        console.check("keys");
        console.submit("#create-key form");
        console.awaitText("h1", "created");
        assertThat(console.text("#new-key")).startsWith("sk-agg-");
        assertThat(browser.findElements(By.cssSelector("button[data-copy=new-key]")))
                .hasSize(1);
        console.check("key-created");

        // The playground: the answer streams in with its provider, tokens and cost.
        var first = chat(model);
        assertThat(first.provider()).isEqualTo("console-mock-" + suffix);
        assertThat(first.cost()).isEqualByComparingTo(cost(first, "2", "4"));
        console.check("playground");

        // The dashboard and the usage page show the request (analytics records it asynchronously).
        console.awaitOnReload(
                "/dashboard", () -> console.text("#month-requests").equals("1"));
        console.check("dashboard");
        console.awaitOnReload(
                "/usage",
                () -> !browser.findElements(By.cssSelector("#request-log tbody tr"))
                        .isEmpty());
        assertThat(console.text("#request-log tbody tr")).contains(model);
        console.check("usage");

        // Invite a member, who accepts from the mailed link and sees no key button.
        console.open("/team");
        String memberEmail = "member-" + suffix + "@console.test";
        console.type("email", memberEmail);
        console.submit("#invite");
        console.awaitText(".notice.ok", "Invitation e-mailed");
        console.check("team");
        console.open("/preferences?model=" + model);
        console.check("preferences");
        console.open("/audit");
        console.check("audit");
        console.signOut();
        String link = gateway + Fixtures.awaitMailedLink(platform.mail(), memberEmail, INVITATION_LINK);
        console.open(link);
        console.check("accept-invitation");
        console.type("name", "Member " + suffix);
        console.type("password", MEMBER_PASSWORD);
        console.submit("form.stack");
        console.awaitText("h1", "Dashboard");
        console.open("/keys");
        assertThat(browser.findElements(By.id("create-key"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("button.danger"))).isEmpty();
        console.check("keys-member");
        // The server refuses the member anyway: a forged create posts the form the page hides.
        var refused = (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                        var done = arguments[arguments.length - 1];
                        var body = new URLSearchParams({name: "forged", _csrf: document.querySelector("input[name=_csrf]").value});
                        fetch("/keys", {method: "POST", body: body}).then(r => r.text()).then(done, e => done(String(e)));""");
        assertThat(refused).contains("notice error").doesNotContain("id=\"new-key\"");
        console.signOut();

        // The platform admin changes the price; the next request costs the new price.
        console.open("/signin");
        console.check("signin");
        console.type("email", Platform.ADMIN_EMAIL);
        console.type("password", Platform.ADMIN_PASSWORD);
        console.submit("form.stack");
        console.awaitText("h1", "Platform admin");
        browser.findElement(By.cssSelector("#set-price summary")).click();
        console.type("model", model);
        new Select(browser.findElement(By.name("provider_id"))).selectByValue(providerId);
        console.type("provider_model", "mock-gpt");
        console.type("input_price_per_million", "20");
        console.type("output_price_per_million", "40");
        console.check("admin");
        console.submit("#set-price form");
        console.awaitText(".notice.ok", "saved");
        var changedAt = Instant.now();
        console.signOut();
        console.signIn(email, PASSWORD);
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), changedAt.plusMillis(1500)).toMillis()));
        var second = chat(model);
        assertThat(second.cost()).isEqualByComparingTo(cost(second, "20", "40"));
        assertThat(second.cost()).isGreaterThan(first.cost());
    }

    @Test
    void anOwnerEditsAndRevokesAKeySubscribesAndCancelsRoutesAModelAndResetsThePassword() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String model = "console-route-" + suffix;
        String preferred = "console-preferred-" + suffix;
        String denied = "console-denied-" + suffix;
        fixtures.priceModel(
                model,
                List.of(
                        offering(
                                fixtures.createProvider(preferred, "mock-key"),
                                "mock-gpt",
                                BigDecimal.ONE,
                                BigDecimal.TWO),
                        offering(
                                fixtures.createProvider(denied, "mock-key"),
                                "mock-gpt",
                                BigDecimal.ONE,
                                BigDecimal.TWO)));
        String email = "owner-" + suffix + "@console.test";
        var company = fixtures.fundedCompany(email, new BigDecimal("100"), null);
        console.signIn(email, Fixtures.OWNER_PASSWORD);

        // Edit the company's key: the API then holds the new name, allow-list, rpm and cap.
        console.open("/keys");
        console.click("a[aria-label='Edit e2e']");
        console.awaitText("h1", "Edit key");
        String keyName = "renamed-" + suffix;
        console.type("name", keyName);
        console.type("models", model);
        console.type("rpm_limit", "120");
        console.type("monthly_spend_limit", "7.5");
        console.check("key-edit");
        console.submit("form.stack");
        console.awaitText(".notice.ok", "saved");
        var key = entry(api.get("/v1/auth/api-keys", company.ownerToken()), "id", company.apiKeyId());
        assertThat(key.get("name").asString()).isEqualTo(keyName);
        assertThat(key.get("models").get(0).asString()).isEqualTo(model);
        assertThat(key.get("rpm_limit").asInt()).isEqualTo(120);
        assertThat(decimal(key, "monthly_spend_limit")).isEqualByComparingTo("7.5");
        assertThat(api.get("/v1/models", company.apiKey()).status()).isEqualTo(200);

        // Revoke it: the API refuses the key from then on.
        console.click("button[aria-label='Revoke " + keyName + "']");
        console.awaitText(".notice.ok", "Key revoked");
        assertThat(entry(api.get("/v1/auth/api-keys", company.ownerToken()), "id", company.apiKeyId())
                        .get("revoked_at")
                        .isNull())
                .isFalse();
        Fixtures.eventually(() -> api.get("/v1/models", company.apiKey()), answer -> answer.status() == 401);

        // A double click on "Pay with Stripe" opens one Checkout, not two.
        console.open("/billing");
        new Actions(browser)
                .doubleClick(browser.findElement(By.cssSelector("#top-up button[type=submit]")))
                .perform();
        console.await(() -> browser.getCurrentUrl().startsWith(platform.fakeStripeUrl()), "on the Checkout page");
        assertThat(api.get("/v1/billing/top-ups", company.ownerToken()).body().get("data"))
                .hasSize(1);
        assertThat(stripe.sessionsOf(company.id())).isEqualTo(1);

        // Subscribe to the starter plan: its price leaves the balance; then cancel at period end.
        var starterPrice =
                decimal(entry(api.get("/v1/billing/plans", company.ownerToken()), "id", "starter"), "monthly_price");
        console.open("/billing");
        browser.findElement(By.xpath("//form[input[@name='plan_id' and @value='starter']]//button"))
                .click();
        console.awaitText(".notice.ok", "Subscribed");
        console.audit("billing with a subscription");
        var subscription = api.get("/v1/billing/subscriptions/current", company.ownerToken());
        assertThat(subscription.status()).isEqualTo(200);
        assertThat(subscription.body().get("plan_id").asString()).isEqualTo("starter");
        assertThat(subscription.body().get("cancel_at_period_end").asBoolean()).isFalse();
        assertThat(decimal(api.get("/v1/billing/balance", company.ownerToken()).body(), "balance"))
                .isEqualByComparingTo(new BigDecimal("100").subtract(starterPrice));
        console.click("form[action='/billing/subscriptions/cancel'] button");
        console.awaitText(".notice.ok", "ends at the end of this period");
        assertThat(api.get("/v1/billing/subscriptions/current", company.ownerToken())
                        .body()
                        .get("cancel_at_period_end")
                        .asBoolean())
                .isTrue();

        // Route the model: one provider first, the other denied, by latency, no fallbacks.
        console.open("/preferences?model=" + model);
        console.type("rank." + preferred, "1");
        browser.findElement(By.cssSelector("input[name=deny][value='" + denied + "']"))
                .click();
        new Select(browser.findElement(By.name("sort"))).selectByValue("latency");
        browser.findElement(By.name("allow_fallbacks")).click();
        console.audit("preferences, filled in");
        console.submit("#preferences-form");
        console.awaitText(".notice.ok", "saved");
        var saved = entry(api.get("/v1/preferences", company.ownerToken()), "model", model);
        assertThat(saved.get("order").get(0).asString()).isEqualTo(preferred);
        assertThat(saved.get("order")).hasSize(1);
        assertThat(saved.get("deny").get(0).asString()).isEqualTo(denied);
        assertThat(saved.get("sort").asString()).isEqualTo("latency");
        assertThat(saved.get("allow_fallbacks").asBoolean()).isFalse();

        // Reset the forgotten password through the mailed link: the API refuses the old one.
        console.signOut();
        console.click("a[href='/forgot-password']");
        console.awaitText("h1", "Reset your password");
        console.check("forgot-password");
        console.type("email", email);
        console.submit("form.stack");
        console.awaitText(".notice.ok", "a reset link is on its way");
        console.open(gateway + Fixtures.awaitMailedLink(platform.mail(), email, RESET_LINK));
        console.check("reset-password");
        console.type("new_password", NEW_PASSWORD);
        console.submit("form.stack");
        console.awaitText(".notice.ok", "Your password was changed");
        assertThat(loginStatus(email, Fixtures.OWNER_PASSWORD)).isEqualTo(401);
        assertThat(loginStatus(email, NEW_PASSWORD)).isEqualTo(200);
        console.signIn(email, NEW_PASSWORD);
    }

    /** What the playground showed for one streamed answer. */
    private record Answer(String text, String provider, long promptTokens, long completionTokens, BigDecimal cost) {}

    private Answer chat(String model) {
        console.open("/playground");
        new Select(browser.findElement(By.name("model"))).selectByValue(model);
        var message = browser.findElement(By.name("message"));
        message.clear();
        message.sendKeys("Say hello to the console.");
        console.submit("#playground");
        console.awaitText("#answer-status", "Done.");
        String answer = console.text("#answer");
        assertThat(answer).as("the streamed answer").isNotBlank();
        var tokens = Pattern.compile("(\\d+) in, (\\d+) out").matcher(console.text("#fact-tokens"));
        assertThat(tokens.find())
                .as("tokens shown: %s", console.text("#fact-tokens"))
                .isTrue();
        return new Answer(
                answer,
                console.text("#fact-provider"),
                Long.parseLong(tokens.group(1)),
                Long.parseLong(tokens.group(2)),
                new BigDecimal(console.text("#fact-cost").replace("$", "")));
    }

    /** The price of an answer's tokens, per million, to the 8 decimals money is kept in. */
    private static BigDecimal cost(Answer answer, String inputPerMillion, String outputPerMillion) {
        return new BigDecimal(answer.promptTokens())
                .multiply(new BigDecimal(inputPerMillion))
                .add(new BigDecimal(answer.completionTokens()).multiply(new BigDecimal(outputPerMillion)))
                .divide(new BigDecimal(1_000_000), 8, RoundingMode.HALF_UP);
    }

    /** The entry of a list response whose field has this value. */
    private static JsonNode entry(ApiClient.Response list, String field, String value) {
        for (var entry : list.body().get("data")) {
            if (entry.get(field).asString().equals(value)) return entry;
        }
        throw new AssertionError("no entry with " + field + " " + value + " in " + list.body());
    }

    private int loginStatus(String email, String password) {
        return api.post(
                        "/v1/auth/login",
                        null,
                        Map.of("email", email, "password", password),
                        Map.of("X-Forwarded-For", Fixtures.someClientAddress()))
                .status();
    }
}
