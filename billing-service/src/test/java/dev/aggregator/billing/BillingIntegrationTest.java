package dev.aggregator.billing;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context the integration tests share: the real service on a random port, against
 * the local PostgreSQL (schema billing_it) and RabbitMQ (exchange it.billing-service), with Stripe's
 * API faked over real HTTP ({@link FakeStripe}). Every test works on fresh random company ids, so
 * tests never depend on each other's data.
 *
 * <p>Keep it one context: a second one would run a second outbox relay and second consumers on
 * the same schema and queues, deleting outbox rows a test paused its relay to read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
public abstract class BillingIntegrationTest {

    /** An HTTP answer with its body parsed exactly (money as BigDecimal). */
    protected record Response(int status, JsonNode body, HttpHeaders headers) {

        public BigDecimal decimal(String field) {
            return body.get(field).decimalValue();
        }

        public String text(String field) {
            return body.get(field).asString();
        }
    }

    /** Stripe's API for the whole suite; started once, ended with the JVM. */
    protected static final FakeStripe stripe = new FakeStripe();

    @DynamicPropertySource
    static void stripeSettings(DynamicPropertyRegistry registry) {
        registry.add("aggregator.billing.top-ups.stripe-secret-key", () -> FakeStripe.SECRET_KEY);
        registry.add("aggregator.billing.top-ups.stripe-webhook-secret", () -> FakeStripe.WEBHOOK_SECRET);
        registry.add("aggregator.billing.top-ups.stripe-api-base", stripe::apiBase);
        registry.add("aggregator.billing.top-ups.public-url", () -> "https://aggregator.example/");
        registry.add("aggregator.public-base-url", () -> "https://api.aggregator.example/");
    }

    @LocalServerPort
    int port;

    @Autowired
    protected InternalTokens tokens;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected JdbcClient jdbc;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    protected static Identity platformAdmin() {
        return Identity.member(
                UUID.randomUUID(), UUID.randomUUID(), "root@aggregator.dev", Set.of(Identity.PLATFORM_ADMIN));
    }

    protected static Identity owner(UUID companyId) {
        return Identity.member(companyId, UUID.randomUUID(), "owner@" + companyId + ".test", Set.of(Identity.OWNER));
    }

    protected static Identity proxyService() {
        return Identity.service("proxy-service");
    }

    protected Response get(String path, Identity identity) {
        return exchange(HttpMethod.GET, path, identity, null, null);
    }

    protected Response post(String path, Identity identity, String body) {
        return exchange(HttpMethod.POST, path, identity, body, null);
    }

    protected Response post(String path, Identity identity, String body, String idempotencyKey) {
        return exchange(HttpMethod.POST, path, identity, body, idempotencyKey);
    }

    protected Response put(String path, Identity identity, String body) {
        return exchange(HttpMethod.PUT, path, identity, body, null);
    }

    protected Response delete(String path, Identity identity) {
        return exchange(HttpMethod.DELETE, path, identity, null, null);
    }

    private Response exchange(HttpMethod method, String path, Identity identity, String body, String idempotencyKey) {
        var request = http.method(method).uri(path);
        if (identity != null) request.header(InternalTokens.HEADER, tokens.mint(identity));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        if (body != null) request.contentType(MediaType.APPLICATION_JSON).body(body);
        return request.exchange((req, res) -> {
            try {
                byte[] bytes = res.getBody().readAllBytes();
                var node = bytes.length == 0 ? null : json.readTree(bytes);
                return new Response(res.getStatusCode().value(), node, res.getHeaders());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A company billing knows, as after its registration event: its account exists (with zeros).
     * Admin credits refuse companies billing never heard of.
     */
    protected UUID knownCompany() {
        return known(UUID.randomUUID());
    }

    protected UUID known(UUID companyId) {
        jdbc.sql("INSERT INTO account (company_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(companyId)
                .update();
        return companyId;
    }

    /** Credits a company through the admin API, as an operator would. */
    protected void credit(UUID companyId, String amount) {
        known(companyId);
        var response = post("/v1/billing/balance", platformAdmin(), """
                {"amount": %s, "operation": "CREDIT", "company_id": "%s"}""".formatted(amount, companyId));
        if (response.status() != 200) throw new IllegalStateException("credit failed: " + response);
    }

    protected Response balanceOf(UUID companyId) {
        return get("/v1/billing/balance", owner(companyId));
    }

    /** Grants a lease over HTTP as the proxy does; the answer as it came. */
    protected Response grantLease(UUID companyId, String minimum, String desired) {
        return post("/internal/leases", proxyService(), """
                {"company_id": "%s", "holder": "proxy-test", "minimum": %s, "desired": %s}""".formatted(companyId, minimum, desired));
    }

    /** Grants a lease that must succeed and returns its id. */
    protected UUID lease(UUID companyId, String amount) {
        var granted = grantLease(companyId, amount, amount);
        if (granted.status() != 201) throw new IllegalStateException("lease refused: " + granted);
        return UUID.fromString(granted.text("lease_id"));
    }

    protected Response closeLease(UUID leaseId, String recordedCost) {
        return post("/internal/leases/" + leaseId + "/close", proxyService(), """
                {"recorded_cost": %s}""".formatted(recordedCost));
    }

    /** A usage event as the proxy publishes it: cost is cumulative for the usage id. */
    protected static UsageRecorded usage(UUID company, UUID usageId, UUID leaseId, String cost, boolean checkpoint) {
        return new UsageRecorded(
                UUID.randomUUID(),
                Instant.now(),
                "req_" + UUID.randomUUID().toString().replace("-", ""),
                usageId,
                company,
                UUID.randomUUID(),
                null,
                "/v1/chat/completions",
                "gpt-4o-mini",
                UUID.randomUUID(),
                "mock",
                "mock-gpt-4o-mini",
                checkpoint,
                UsageRecorded.SUCCESS,
                200,
                null,
                1000,
                500,
                new BigDecimal("0.15"),
                new BigDecimal("0.60"),
                cost == null ? null : new BigDecimal(cost),
                leaseId,
                checkpoint,
                120,
                null,
                null);
    }

    /** The same event as made with another API key (a capped key's usage). */
    protected static UsageRecorded byKey(UsageRecorded event, UUID key) {
        return copy(event, event.occurredAt(), key);
    }

    /** The same event as if it had happened at {@code occurredAt} (a late one). */
    protected static UsageRecorded occurredAt(UsageRecorded event, Instant occurredAt) {
        return copy(event, occurredAt, event.apiKeyId());
    }

    private static UsageRecorded copy(UsageRecorded event, Instant occurredAt, UUID key) {
        return new UsageRecorded(
                event.eventId(),
                occurredAt,
                event.requestId(),
                event.usageId(),
                event.companyId(),
                key,
                event.userId(),
                event.endpoint(),
                event.model(),
                event.providerId(),
                event.providerName(),
                event.providerModel(),
                event.streamed(),
                event.status(),
                event.httpStatus(),
                event.errorCode(),
                event.promptTokens(),
                event.completionTokens(),
                event.inputPricePerMillion(),
                event.outputPricePerMillion(),
                event.cost(),
                event.leaseId(),
                event.checkpoint(),
                event.latencyMs(),
                event.ttftMs(),
                event.platformCost());
    }

    /** The money invariants, straight from the tables. */
    protected void assertLedgerMatchesAccount(UUID companyId) {
        var row = jdbc.sql("""
                        SELECT a.balance, a.reserved,
                               (SELECT COALESCE(sum(amount), 0) FROM ledger_entry WHERE company_id = a.company_id) AS ledger_sum,
                               (SELECT balance_after FROM ledger_entry WHERE company_id = a.company_id
                                ORDER BY seq DESC LIMIT 1) AS newest_balance_after,
                               (SELECT COALESCE(sum(held), 0) FROM lease WHERE company_id = a.company_id) AS held
                        FROM account a WHERE a.company_id = ?""")
                .param(companyId)
                .query((rs, n) -> new BigDecimal[] {
                    rs.getBigDecimal("balance"),
                    rs.getBigDecimal("reserved"),
                    rs.getBigDecimal("ledger_sum"),
                    rs.getBigDecimal("newest_balance_after"),
                    rs.getBigDecimal("held")
                })
                .single();
        org.assertj.core.api.Assertions.assertThat(row[2])
                .as("sum(ledger.amount)")
                .isEqualByComparingTo(row[0]);
        if (row[3] != null) {
            org.assertj.core.api.Assertions.assertThat(row[3])
                    .as("newest balance_after")
                    .isEqualByComparingTo(row[0]);
        }
        org.assertj.core.api.Assertions.assertThat(row[1])
                .as("reserved = sum(held(lease))")
                .isEqualByComparingTo(row[4]);
        var packageRow = jdbc.sql("""
                        SELECT a.package_remaining,
                               (SELECT COALESCE(sum(amount), 0) FROM package_entry WHERE company_id = a.company_id) AS entries,
                               a.balance + a.package_remaining - a.reserved AS spendable
                        FROM account a WHERE a.company_id = ?""")
                .param(companyId)
                .query((rs, n) -> new BigDecimal[] {
                    rs.getBigDecimal("package_remaining"), rs.getBigDecimal("entries"), rs.getBigDecimal("spendable")
                })
                .single();
        org.assertj.core.api.Assertions.assertThat(packageRow[1])
                .as("sum(package_entry.amount)")
                .isEqualByComparingTo(packageRow[0]);
        var keys = jdbc.sql("""
                        SELECT k.api_key_id, k.month, k.reserved,
                               (SELECT COALESCE(sum(held), 0) FROM lease l
                                WHERE l.api_key_id = k.api_key_id AND l.key_month = k.month) AS held
                        FROM key_budget k WHERE k.company_id = ?""")
                .param(companyId)
                .query((rs, n) ->
                        new Object[] {rs.getObject("api_key_id"), rs.getBigDecimal("reserved"), rs.getBigDecimal("held")
                        })
                .list();
        for (var key : keys) {
            org.assertj.core.api.Assertions.assertThat((BigDecimal) key[1])
                    .as("key_budget.reserved = sum(held) of key " + key[0])
                    .isEqualByComparingTo((BigDecimal) key[2]);
        }
    }
}
