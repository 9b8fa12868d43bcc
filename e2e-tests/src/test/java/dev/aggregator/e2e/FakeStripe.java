package dev.aggregator.e2e;

import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fake of Stripe where billing expects it ({@link Platform#fakeStripeUrl()}), for the suites
 * that top up: the API's Checkout Sessions endpoint (answering billing's secret key only), the
 * Checkout page a session's url opens (one link back to the success URL, as Stripe redirects after
 * a payment), and Stripe's signed webhooks, delivered to billing through the gateway. A test class
 * takes it as a constructor parameter ({@link Resolver}): one for the suite, as billing has one
 * Stripe (and the fake one fixed port).
 */
final class FakeStripe implements AutoCloseable {

    /** Hands a test the suite's fake, started on first use next to the platform and stopped with it. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == FakeStripe.class;
        }

        @Override
        public FakeStripe resolveParameter(ParameterContext parameter, ExtensionContext context) {
            var suite = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            // The platform as PlatformExtension keeps it, started first if this comes first.
            var platform = suite.computeIfAbsent(Platform.class, type -> Platform.start(), Platform.class);
            return suite.computeIfAbsent(FakeStripe.class, type -> start(platform), FakeStripe.class);
        }
    }

    /** A Checkout Session billing created: its id and the form billing posted for it. */
    record CheckoutSession(String id, String url, Map<String, String> form) {

        String topUpId() {
            return form.get("client_reference_id");
        }

        String amountInCents() {
            return form.get("line_items[0][price_data][unit_amount]");
        }
    }

    private final String baseUrl;
    private final String gatewayUrl;
    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** By top-up id (Stripe's client_reference_id). */
    private final Map<String, CheckoutSession> sessions = new ConcurrentHashMap<>();

    private FakeStripe(Platform platform) throws IOException {
        this.baseUrl = platform.fakeStripeUrl();
        this.gatewayUrl = platform.gatewayUrl();
        var address = URI.create(baseUrl);
        server = HttpServer.create(new InetSocketAddress(address.getHost(), address.getPort()), 0);
        server.createContext("/v1/checkout/sessions", this::createCheckoutSession);
        server.createContext("/c/pay/", this::checkoutPage);
    }

    private static FakeStripe start(Platform platform) {
        try {
            var stripe = new FakeStripe(platform);
            stripe.server.start();
            return stripe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The Checkout Session billing created for a top-up. */
    CheckoutSession session(String topUpId) {
        var session = sessions.get(topUpId);
        if (session == null) throw new AssertionError("billing created no Checkout Session for top-up " + topUpId);
        return session;
    }

    /** The Checkout Session whose page is at this address (where the browser was sent). */
    CheckoutSession sessionAt(String checkoutUrl) {
        return sessions.values().stream()
                .filter(session -> checkoutUrl.startsWith(session.url()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Checkout Session at " + checkoutUrl));
    }

    /** How many Checkout Sessions billing created for this company. */
    long sessionsOf(String companyId) {
        return sessions.values().stream()
                .filter(session -> companyId.equals(session.form().get("metadata[company_id]")))
                .count();
    }

    /** Stripe's {@code checkout.session.completed} for a paid session, as billing receives it. */
    static String paidEvent(CheckoutSession session, String paymentIntent) {
        return event("checkout.session.completed", """
                {"id": "%s", "object": "checkout.session", "amount_total": %s, "currency": "usd",
                 "client_reference_id": "%s", "metadata": {"top_up_id": "%s", "company_id": "%s"},
                 "payment_intent": "%s", "payment_status": "paid", "status": "complete"}""".formatted(
                        session.id(),
                        session.amountInCents(),
                        session.topUpId(),
                        session.topUpId(),
                        session.form().get("metadata[company_id]"),
                        paymentIntent));
    }

    static String event(String type, String object) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "2025-03-31.basil", "created": %d,
                 "data": {"object": %s}, "livemode": false, "pending_webhooks": 1, "type": "%s"}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""), System.currentTimeMillis() / 1000, object, type);
    }

    /** A {@code Stripe-Signature} for the payload, by Stripe's scheme and the platform's webhook secret. */
    static String sign(String payload) {
        long now = System.currentTimeMillis() / 1000;
        try {
            return "t=" + now + ",v1="
                    + Webhook.Util.computeHmacSha256(Platform.STRIPE_WEBHOOK_SECRET, now + "." + payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a webhook through the public gateway the way Stripe does (raw JSON, no credentials); answers the status. */
    int deliver(String payload, String signature) {
        var request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/billing/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void createCheckoutSession(HttpExchange exchange) throws IOException {
        var form = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!("Bearer " + Platform.STRIPE_SECRET_KEY)
                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "application/json", """
                    {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}}""");
            return;
        }
        var id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        var session = new CheckoutSession(id, baseUrl + "/c/pay/" + id, Map.copyOf(form));
        sessions.put(session.topUpId(), session);
        respond(exchange, 200, "application/json", """
                {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "open",
                 "payment_status": "unpaid", "amount_total": %s, "currency": "usd",
                 "client_reference_id": "%s", "url": "%s"}""".formatted(
                        id, session.amountInCents(), session.topUpId(), session.url()));
    }

    private void checkoutPage(HttpExchange exchange) throws IOException {
        var session = sessionAt(baseUrl + exchange.getRequestURI().getPath());
        respond(exchange, 200, "text/html; charset=utf-8", """
                <!DOCTYPE html><html lang="en"><head><title>Fake Stripe Checkout</title></head>
                <body><main><h1>Fake Stripe Checkout</h1><p>Pay %s cents</p>
                <a id="pay" href="%s">Pay</a></main></body></html>""".formatted(
                        session.amountInCents(), session.form().get("success_url")));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> decode(String body) {
        var form = new LinkedHashMap<String, String>();
        for (String pair : List.of(body.split("&"))) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
