package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.e2e.OtlpReceiver.ReceivedSpan;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a team operating the platform sees: one chat request through the gateway is one trace, from
 * the gateway through the proxy and its call to the provider to billing's settlement of its usage
 * (carried through the outbox, whose relay's publish is a span too, and RabbitMQ), received by a
 * real OTLP receiver; and the proxy's and billing's metrics on
 * {@code /actuator/prometheus} move with the traffic.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingAndMetricsIT {

    private static final String MODEL = "e2e-traced";
    private static final String FALLBACK_MODEL = "e2e-traced-fallback";
    private static final String PROVIDER = "mock-traced";
    private static final String BROKEN_PROVIDER = "mock-traced-broken";
    /** A model and failing provider of the fallback trace alone: no other test marks it down. */
    private static final String TRACED_FALLBACK_MODEL = "e2e-traced-fallback-spans";

    private static final String TRACED_BROKEN_PROVIDER = "mock-traced-broken-spans";
    private static final String PROVIDER_CALL = "provider call";
    private static final int PROXY = 3;
    private static final int BILLING = 4;

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TracingAndMetricsIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @BeforeAll
    void priceModels() {
        String mock = fixtures.createProvider(PROVIDER, "mock-key");
        String broken = fixtures.createProvider(BROKEN_PROVIDER, null);
        fixtures.priceModel(MODEL, List.of(offering(mock, "mock-gpt", new BigDecimal("0.5"), new BigDecimal("1.5"))));
        // The broken offering is cheaper, so it is tried first and the request falls back.
        fixtures.priceModel(
                FALLBACK_MODEL,
                List.of(
                        offering(broken, "mock-gpt-fail-503", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(mock, "mock-gpt", new BigDecimal("0.5"), new BigDecimal("1.5"))));
        String brokenForSpans = fixtures.createProvider(TRACED_BROKEN_PROVIDER, null);
        fixtures.priceModel(
                TRACED_FALLBACK_MODEL,
                List.of(
                        offering(brokenForSpans, "mock-gpt-fail-503", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(mock, "mock-gpt", new BigDecimal("0.5"), new BigDecimal("1.5"))));
    }

    @Test
    void aFallbackIsOneProviderCallSpanPerAttempt() {
        var company = fixtures.fundedCompany(new BigDecimal("5"));
        String requestId = "trace-fallback-" + UUID.randomUUID();

        var answer = chat(company.apiKey(), TRACED_FALLBACK_MODEL, "Fall back", requestId);
        assertThat(answer.status()).as("chat: %s", answer.body()).isEqualTo(200);

        var proxySpan = awaitSpans(
                        spans -> spans.stream()
                                .anyMatch(span -> span.service().equals("proxy-service")
                                        && requestId.equals(span.attributes().get("aggregator.request_id"))),
                        "the proxy's span of request " + requestId)
                .stream()
                .filter(span -> span.service().equals("proxy-service")
                        && requestId.equals(span.attributes().get("aggregator.request_id")))
                .findFirst()
                .orElseThrow();
        var calls = awaitSpans(
                        spans -> platform.traces().trace(proxySpan.traceId()).stream()
                                        .filter(span -> span.name().equals(PROVIDER_CALL))
                                        .count()
                                >= 2,
                        "two provider calls in trace " + proxySpan.traceId())
                .stream()
                .filter(span -> span.traceId().equals(proxySpan.traceId())
                        && span.name().equals(PROVIDER_CALL))
                .collect(Collectors.toMap(span -> span.attributes().get("aggregator.attempt"), span -> span));

        assertThat(calls.keySet()).containsExactlyInAnyOrder("1", "2");
        assertThat(calls.get("1").attributes())
                .containsEntry("aggregator.provider", TRACED_BROKEN_PROVIDER)
                .containsEntry("aggregator.outcome", "overloaded")
                .containsEntry("http.response.status_code", "503");
        assertThat(calls.get("2").attributes())
                .containsEntry("aggregator.provider", PROVIDER)
                .containsEntry("aggregator.outcome", "answered");
        assertThat(calls.values())
                .allSatisfy(call -> assertThat(call.parentSpanId()).isEqualTo(proxySpan.spanId()));
    }

    @Test
    void oneChatRequestIsOneTraceSpanningGatewayProxyAndBilling() {
        var company = fixtures.fundedCompany(new BigDecimal("5"));
        String requestId = "trace-" + UUID.randomUUID();

        var answer = chat(company.apiKey(), MODEL, "Trace me", requestId);
        assertThat(answer.status()).as("chat: %s", answer.body()).isEqualTo(200);

        // The gateway's and the proxy's server spans carry the request id; the trace is theirs.
        var tagged = awaitSpans(
                spans -> services(spans.stream()
                                .filter(span ->
                                        requestId.equals(span.attributes().get("aggregator.request_id")))
                                .toList())
                        .containsAll(Set.of("api-gateway", "proxy-service")),
                "the gateway's and the proxy's spans of request " + requestId);
        var withRequestId = tagged.stream()
                .filter(span -> requestId.equals(span.attributes().get("aggregator.request_id")))
                .toList();
        Set<String> traceIds = withRequestId.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
        assertThat(traceIds).as("one trace for the request").hasSize(1);
        String traceId = traceIds.iterator().next();
        assertThat(withRequestId)
                .as("request id and company on the gateway's and the proxy's spans")
                .allSatisfy(span -> assertThat(span.attributes()).containsEntry("aggregator.company_id", company.id()));

        // Billing settles the usage from the outbox, through RabbitMQ, in the same trace; the
        // proxy's call to the provider and its relay's publish of the usage are spans of it too.
        var trace = awaitSpans(
                        spans -> {
                            var sofar = platform.traces().trace(traceId);
                            return services(sofar).contains("billing-service")
                                    && sofar.stream()
                                            .anyMatch(span -> span.name().equals(PROVIDER_CALL))
                                    && sofar.stream().anyMatch(TracingAndMetricsIT::isPublish);
                        },
                        "billing's, the provider call's and the publish's spans in trace " + traceId)
                .stream()
                .filter(span -> span.traceId().equals(traceId))
                .toList();
        assertThat(services(trace)).contains("api-gateway", "proxy-service", "billing-service");
        Map<String, ReceivedSpan> byId =
                trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, span -> span, (a, b) -> a));

        var providerCalls =
                trace.stream().filter(span -> span.name().equals(PROVIDER_CALL)).toList();
        assertThat(providerCalls).as("one provider call").hasSize(1);
        var providerCall = providerCalls.getFirst();
        assertThat(providerCall.service()).isEqualTo("proxy-service");
        assertThat(providerCall.attributes())
                .containsEntry("aggregator.provider", PROVIDER)
                .containsEntry("gen_ai.request.model", "mock-gpt")
                .containsEntry("aggregator.attempt", "1")
                .containsEntry("aggregator.outcome", "answered");
        assertThat(providerCall.attributes().values())
                .as("neither the provider's key nor the prompt")
                .noneMatch(value -> value.contains("mock-key") || value.contains("Trace me"));
        assertThat(byId.get(providerCall.parentSpanId()))
                .as("the provider call's parent: the proxy's span of the request")
                .satisfies(parent -> {
                    assertThat(parent.service()).isEqualTo("proxy-service");
                    assertThat(parent.attributes()).containsEntry("aggregator.request_id", requestId);
                });

        var publishes = trace.stream().filter(TracingAndMetricsIT::isPublish).toList();
        assertThat(publishes)
                .as("the relay's publish of the proxy's usage")
                .anySatisfy(publish -> assertThat(publish.service()).isEqualTo("proxy-service"));
        Set<String> publishIds = publishes.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace).as("billing's settlement continues the publish").anySatisfy(span -> {
            assertThat(span.service()).isEqualTo("billing-service");
            assertThat(publishIds).contains(span.parentSpanId());
        });
        var roots = trace.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
        assertThat(roots).as("the gateway's server span is the only root").hasSize(1);
        assertThat(roots.getFirst().service()).isEqualTo("api-gateway");
        Set<String> spanIds = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace)
                .as("every span's parent is in the trace")
                .allSatisfy(span -> assertThat(span.parentSpanId().isEmpty() || spanIds.contains(span.parentSpanId()))
                        .isTrue());
    }

    @Test
    void theProxysMetricsMoveWithRequestsRefusalsAndFallbacks() {
        var company = fixtures.fundedCompany(new BigDecimal("5"));
        var broke = fixtures.fundedCompany(BigDecimal.ZERO);
        String served = "model=\"" + MODEL + "\"";
        double before = value(PROXY, "aggregator_proxy_requests_total", served, "outcome=\"success\"");
        double refusedBefore = value(PROXY, "aggregator_admission_refusals_total", "reason=\"insufficient_quota\"");
        double fallbacksBefore =
                value(PROXY, "aggregator_routing_fallbacks_total", "provider=\"" + BROKEN_PROVIDER + "\"");

        for (int i = 0; i < 2; i++) assertThat(chat(company.apiKey(), MODEL)).isEqualTo(200);
        assertThat(chat(broke.apiKey(), MODEL)).isEqualTo(402);
        assertThat(chat(company.apiKey(), FALLBACK_MODEL)).isEqualTo(200);

        String scrape = scrape(PROXY);
        assertThat(value(scrape, "aggregator_proxy_requests_total", served, "provider=\"" + PROVIDER + "\""))
                .isGreaterThanOrEqualTo(before + 2);
        assertThat(value(scrape, "aggregator_proxy_tokens_total", served, "type=\"completion\""))
                .isPositive();
        assertThat(value(scrape, "aggregator_proxy_tokens_total", served, "type=\"prompt\""))
                .isPositive();
        assertThat(value(scrape, "aggregator_proxy_cost_total", served)).isPositive();
        assertThat(value(
                        scrape,
                        "aggregator_upstream_latency_seconds_count",
                        "provider=\"" + PROVIDER + "\"",
                        "outcome=\"success\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(scrape).contains("aggregator_upstream_latency_seconds_bucket{");
        assertThat(value(scrape, "aggregator_admission_refusals_total", "reason=\"insufficient_quota\""))
                .isEqualTo(refusedBefore + 1);
        assertThat(value(scrape, "aggregator_routing_fallbacks_total", "provider=\"" + BROKEN_PROVIDER + "\""))
                .isEqualTo(fallbacksBefore + 1);
        assertThat(scrape).contains("aggregator_outbox_lag_seconds", "aggregator_outbox_pending");
        assertThat(scrape).doesNotContain(company.id());

        String billing = scrape(BILLING);
        assertThat(billing).containsPattern("aggregator_events_dead_letters\\{queue=\"[^\"]+\\.dlq\"} 0");
        assertThat(billing).contains("aggregator_ledger_reconciliation_mismatches");
    }

    private int chat(String apiKey, String model) {
        return chat(apiKey, model, "Count me", "count-" + UUID.randomUUID()).status();
    }

    private ApiClient.Response chat(String apiKey, String model, String prompt, String requestId) {
        return api.post(
                "/v1/chat/completions",
                apiKey,
                Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", prompt)), "max_tokens", 8),
                Map.of("x-request-id", requestId));
    }

    private List<ReceivedSpan> awaitSpans(java.util.function.Predicate<List<ReceivedSpan>> done, String what) {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var spans = platform.traces().spans();
            if (done.test(spans)) return spans;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("The OTLP receiver never got " + what + "; it got "
                + platform.traces().spans().stream()
                        .map(span -> span.service() + ":" + span.name())
                        .distinct()
                        .toList());
    }

    private static boolean isPublish(ReceivedSpan span) {
        return "publish".equals(span.attributes().get("messaging.operation"));
    }

    private static Set<String> services(List<ReceivedSpan> spans) {
        return spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    private String scrape(int portOffset) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(platform.serviceUrl(portOffset) + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private double value(int portOffset, String name, String... labels) {
        return value(scrape(portOffset), name, labels);
    }

    /** The sum of a metric's series whose labels include every one given; 0 when none is there yet. */
    private static double value(String scrape, String name, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            boolean matches = true;
            for (String label : labels) matches &= line.contains(label);
            if (matches) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }
}
