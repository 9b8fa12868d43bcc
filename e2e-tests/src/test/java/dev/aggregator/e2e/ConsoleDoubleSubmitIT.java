package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's top-up and subscribe forms sent twice at once and once more afterwards, as a
 * double click, a browser's resubmit or an htmx retry sends them, through the gateway to the
 * console and from there to the real API: one top-up (one Checkout Session at Stripe) and one
 * subscription charge come of it, and every submission is answered as the first was. Plain HTTP
 * with the console's session cookie, so it runs without a browser.
 */
@ExtendWith({PlatformExtension.class, FakeStripe.Resolver.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDoubleSubmitIT {

    private static final int AT_ONCE = 2;

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** The address this "browser" calls from, so that the per-address sign-in limit is its own. */
    private final String clientAddress = Fixtures.someClientAddress();

    private final FakeStripe stripe;

    ConsoleDoubleSubmitIT(Platform platform, FakeStripe stripe) {
        this.platform = platform;
        this.stripe = stripe;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @Test
    void aRepeatedTopUpOrSubscribeFormStartsOneTopUpAndOneSubscription() throws Exception {
        String email = "owner-" + UUID.randomUUID() + "@console.test";
        var company = fixtures.fundedCompany(email, new BigDecimal("100"), null);
        signIn(email, Fixtures.OWNER_PASSWORD);
        var billing = get("/billing").body();
        var topUp = formFields(billing, "id=\"top-up\"");
        topUp.put("amount", "20");
        var subscribe = formFields(billing, "<input type=\"hidden\" name=\"plan_id\" value=\"starter\"");

        var checkouts = sendRepeatedly("/billing/top-ups", topUp);
        var topUps = api.get("/v1/billing/top-ups", company.ownerToken()).body().get("data");
        assertThat(topUps).as("top-ups").hasSize(1);
        assertThat(stripe.sessionsOf(company.id())).as("Checkout Sessions").isEqualTo(1);
        assertThat(checkouts)
                .extracting(ConsoleDoubleSubmitIT::location)
                .as("every submission goes to the one Checkout")
                .containsOnly(stripe.session(topUps.get(0).get("id").asString()).url());

        var subscriptions = sendRepeatedly("/billing/subscriptions", subscribe);
        assertThat(subscriptions)
                .allSatisfy(answer -> assertThat(location(answer)).isEqualTo("/billing"));
        var charges = api.get("/v1/billing/transactions?type=SUBSCRIPTION", company.ownerToken());
        assertThat(charges.body().get("data")).as("subscription charges").hasSize(1);
        var price = decimal(charges.body().get("data").get(0), "amount").negate();
        assertThat(decimal(api.get("/v1/billing/balance", company.ownerToken()).body(), "balance"))
                .isEqualByComparingTo(new BigDecimal("100").subtract(price));

        // The same rendering sent back with another amount (the back button, a changed field): refused, nothing sent.
        topUp.put("amount", "25");
        var changed = post("/billing/top-ups", topUp);
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("already sent with other values");
        assertThat(stripe.sessionsOf(company.id())).isEqualTo(1);
    }

    /** Sends the form {@value #AT_ONCE} times at once (behind a barrier), then once more; answers every answer. */
    private List<HttpResponse<String>> sendRepeatedly(String path, Map<String, String> form) throws Exception {
        var barrier = new CyclicBarrier(AT_ONCE);
        var answers = new ArrayList<Future<HttpResponse<String>>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < AT_ONCE; i++) {
                answers.add(threads.submit(() -> {
                    barrier.await();
                    return post(path, form);
                }));
            }
        }
        var result = new ArrayList<HttpResponse<String>>();
        for (var answer : answers) result.add(answer.get());
        result.add(post(path, form));
        return result;
    }

    private void signIn(String email, String password) throws Exception {
        var form = formFields(get("/signin").body(), "<form");
        form.put("email", email);
        form.put("password", password);
        assertThat(location(post("/signin", form))).isEqualTo("/dashboard");
    }

    /**
     * The hidden fields (CSRF token, once-only key and the like) of the form that holds {@code
     * marker} (the first on the page holding it).
     */
    private static Map<String, String> formFields(String page, String marker) {
        int at = page.indexOf(marker);
        assertThat(at).as("%s on the page", marker).isNotNegative();
        // The form's own tag: Thymeleaf writes the CSRF field right after it.
        int start = page.lastIndexOf("<form", at);
        var form = page.substring(start, page.indexOf("</form>", at));
        var fields = new LinkedHashMap<String, String>();
        var hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
                .matcher(form);
        while (hidden.find()) fields.put(hidden.group(1), hidden.group(2));
        assertThat(fields).as("hidden fields after %s", marker).containsKey("_csrf");
        return fields;
    }

    private static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse(null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        var body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(
                request(path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress);
    }
}
