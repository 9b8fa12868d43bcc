package dev.aggregator.analytics.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.common.events.AuditRecorded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditLogTests extends AnalyticsIntegrationTest {

    private static final String LIST = "/v1/audit-logs?action={action}";

    private final UUID companyA = UUID.randomUUID();
    private final UUID companyB = UUID.randomUUID();
    /** Unique per test, so platform-wide listings can be narrowed to this test's records. */
    private final String action = "apikey.created." + UUID.randomUUID();

    private AuditRecorded ofA;
    private AuditRecorded ofB;

    @BeforeEach
    void recordOneActionInEachCompany() {
        ofA = audit(companyA, "owner@a.test", "2025-10-01T09:00:00Z", Map.of("key_prefix", "sk-agg-ab12"));
        ofB = audit(companyB, "owner@b.test", "2025-10-02T09:00:00Z", Map.of());
        publishAndAwait("audit_log", List.of(ofA, ofB));
    }

    @Test
    void storesTheRecordAsPublished() {
        var entries = getOk(owner(companyA), LIST, action).path("data");

        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.path("id").asString()).isEqualTo(ofA.eventId().toString());
        assertThat(entry.path("company_id").asString()).isEqualTo(companyA.toString());
        assertThat(entry.path("actor").asString()).isEqualTo("owner@a.test");
        assertThat(entry.path("action").asString()).isEqualTo(action);
        assertThat(entry.path("target").asString()).isEqualTo("api_key:123");
        assertThat(entry.path("ip").asString()).isEqualTo("203.0.113.7");
        assertThat(entry.path("details").path("key_prefix").asString()).isEqualTo("sk-agg-ab12");
        assertThat(entry.path("created_at").asString()).isEqualTo("2025-10-01T09:00:00Z");
    }

    @Test
    void aRedeliveredRecordIsStoredOnce() {
        var record = audit(companyA, "admin@a.test", "2025-10-03T09:00:00Z", Map.of());
        var later = audit(companyA, "admin@a.test", "2025-10-04T09:00:00Z", Map.of());

        publishInOrder(record, record, later);
        awaitStored("audit_log", List.of(later.eventId()));

        assertThat(countRows("audit_log", List.of(record.eventId()))).isEqualTo(1);
        assertThat(getOk(admin(companyA), LIST, action).path("data")).hasSize(3);
    }

    @Test
    void ownersAndAdminsReadOnlyTheirOwnCompany() {
        assertThat(ids(getOk(owner(companyA), LIST, action)))
                .containsExactly(ofA.eventId().toString());
        assertThat(ids(getOk(admin(companyB), LIST, action)))
                .containsExactly(ofB.eventId().toString());

        // Another company is answered 404, just like one that does not exist.
        get(owner(companyA), LIST + "&company_id={b}", action, companyB)
                .expectStatus()
                .isNotFound();
        get(owner(companyA), LIST + "&company_id={x}", action, UUID.randomUUID())
                .expectStatus()
                .isNotFound();
    }

    @Test
    void membersAndApiKeysMayNotReadTheAuditLog() {
        get(member(companyA), LIST, action).expectStatus().isForbidden();
        get(apiKey(companyA, "chat", "models", "billing:read", "analytics:read"), LIST, action)
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aPlatformAdminReadsEveryCompanyOrOne() {
        assertThat(ids(getOk(platformAdmin(), LIST, action)))
                .containsExactly(ofB.eventId().toString(), ofA.eventId().toString());
        assertThat(ids(getOk(platformAdmin(), LIST + "&company_id={a}", action, companyA)))
                .containsExactly(ofA.eventId().toString());
    }

    @Test
    void filtersByTimeAndPagesNewestFirst() {
        var admin = platformAdmin();
        assertThat(ids(getOk(admin, LIST + "&from=2025-10-02", action)))
                .containsExactly(ofB.eventId().toString());
        assertThat(ids(getOk(admin, LIST + "&to=2025-10-01", action)))
                .containsExactly(ofA.eventId().toString());
        assertThat(ids(getOk(admin, LIST + "&to=2025-10-01T09:00:00Z", action))).isEmpty();

        var first = getOk(admin, LIST + "&limit=1", action);
        assertThat(ids(first)).containsExactly(ofB.eventId().toString());
        var second = getOk(admin, LIST + "&limit=1&cursor={c}", action, nextCursor(first));
        assertThat(ids(second)).containsExactly(ofA.eventId().toString());
        assertThat(nextCursor(second)).isNull();
    }

    @Test
    void refusesBadParameters() {
        var caller = owner(companyA);

        assertBadRequest("cursor", caller, "/v1/audit-logs?cursor=forged");
        assertBadRequest("limit", caller, "/v1/audit-logs?limit=1000");
        assertBadRequest("from", caller, "/v1/audit-logs?from=01.10.2025");
        assertBadRequest("to", caller, "/v1/audit-logs?from=2025-10-02&to=2025-10-01");
        // Beyond what java.time or PostgreSQL can hold: a 400, not a 500.
        assertBadRequest("to", caller, "/v1/audit-logs?to={to}", "+999999999-12-31");
        assertBadRequest("from", caller, "/v1/audit-logs?from={from}", "+300000-01-01T00:00:00Z");
    }

    private AuditRecorded audit(UUID company, String actor, String at, Map<String, String> details) {
        return new AuditRecorded(
                UUID.randomUUID(), Instant.parse(at), company, actor, action, "api_key:123", "203.0.113.7", details);
    }

    private static List<String> ids(JsonNode page) {
        return page.path("data").findValuesAsString("id");
    }
}
