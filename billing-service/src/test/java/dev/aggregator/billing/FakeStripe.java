package dev.aggregator.billing;

import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stripe's API as far as top-ups use it, over real HTTP: {@code POST /v1/checkout/sessions}
 * answers a Checkout Session the way Stripe does and remembers the form it was sent. Also signs
 * webhook payloads with Stripe's scheme ({@code t=…,v1=HMAC-SHA256(secret, "t.payload")}), using
 * the library's own HMAC code.
 */
public final class FakeStripe implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_fake_secret_key_for_tests";
    public static final String WEBHOOK_SECRET = "whsec_test_fake_webhook_secret";

    /** One request Stripe received: its decoded form fields and its Authorization header. */
    public record Received(String path, Map<String, String> form, String authorization) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int failWithStatus;

    public FakeStripe() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/checkout/sessions", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var form = decode(body);
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    form,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] answer;
            int status;
            if (failWithStatus != 0) {
                status = failWithStatus;
                answer = """
                        {"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}""".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                answer = session(form).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders()
                    .set("Request-Id", "req_" + UUID.randomUUID().toString().replace("-", ""));
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The last session creation whose client_reference_id is this top-up. */
    public Received sessionRequestFor(String topUpId) {
        return received.reversed().stream()
                .filter(r -> topUpId.equals(r.form().get("client_reference_id")))
                .findFirst()
                .orElseThrow();
    }

    /** Makes every next call fail with this HTTP status (0: answer normally again). */
    public void failWith(int status) {
        this.failWithStatus = status;
    }

    /** A {@code Stripe-Signature} header for the payload, signed at {@code timestamp} (epoch seconds). */
    public static String sign(String payload, long timestamp, String secret) {
        try {
            var signature = Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
            return "t=" + timestamp + ",v1=" + signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String payload) {
        return sign(payload, System.currentTimeMillis() / 1000, WEBHOOK_SECRET);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A Checkout Session as Stripe's API answers one (trimmed to realistic essentials). */
    private static String session(Map<String, String> form) {
        var id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        var unitAmount = form.getOrDefault("line_items[0][price_data][unit_amount]", "0");
        return """
                {
                  "id": "%1$s",
                  "object": "checkout.session",
                  "amount_subtotal": %2$s,
                  "amount_total": %2$s,
                  "cancel_url": "%3$s",
                  "client_reference_id": "%4$s",
                  "created": %5$d,
                  "currency": "usd",
                  "customer": null,
                  "expires_at": %6$d,
                  "livemode": false,
                  "metadata": {"company_id": "%7$s", "top_up_id": "%4$s"},
                  "mode": "payment",
                  "payment_intent": null,
                  "payment_method_types": ["card"],
                  "payment_status": "unpaid",
                  "status": "open",
                  "success_url": "%8$s",
                  "url": "https://checkout.stripe.com/c/pay/%1$s#fidkdWxOYHwnPyd1blpxYHZxWjA0"
                }""".formatted(
                        id,
                        unitAmount,
                        form.get("cancel_url"),
                        form.get("client_reference_id"),
                        System.currentTimeMillis() / 1000,
                        System.currentTimeMillis() / 1000 + 86_400,
                        form.get("metadata[company_id]"),
                        form.get("success_url"));
    }

    private static Map<String, String> decode(String body) {
        var form = new LinkedHashMap<String, String>();
        if (body.isEmpty()) return form;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }
}
