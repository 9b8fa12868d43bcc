package dev.aggregator.analytics.usage;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

class UsageCsvExportTests extends AnalyticsIntegrationTest {

    private static final String HEADER = "bucket,requests,prompt_tokens,completion_tokens,cost";

    @Autowired
    InternalTokens tokens;

    record Csv(int status, String contentType, String disposition, String body) {

        List<String> lines() {
            var lines = new ArrayList<>(Arrays.asList(body.split("\r\n", -1)));
            assertThat(lines.getLast()).as("the last record ends with CRLF").isEmpty();
            lines.removeLast();
            return lines;
        }
    }

    private Csv csv(Identity caller, String accept, String uri, Object... variables) {
        var request = http.get().uri(uri, variables).header(InternalTokens.HEADER, tokens.mint(caller));
        if (accept != null) request.header(HttpHeaders.ACCEPT, accept);
        var result = request.exchange().returnResult(String.class);
        return new Csv(
                result.getStatus().value(),
                result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION),
                result.getResponseBody() == null ? "" : result.getResponseBody());
    }

    @Test
    void exportsTheSameBucketsAsCsvWithQuotedFieldsAndPlainMoney() {
        var company = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(company)
                        .at("2025-07-01T10:00:00Z")
                        .model("odd, \"quoted\"\nmodel")
                        .tokens(100, 10)
                        .cost("0.00000001")
                        .build(),
                usage(company)
                        .at("2025-07-01T11:00:00Z")
                        .model("plain")
                        .tokens(5, 5)
                        .cost("12.5")
                        .build(),
                usage(company)
                        .at("2025-08-01T11:00:00Z")
                        .model("outside")
                        .cost("3")
                        .build()));

        var export = csv(
                owner(company),
                null,
                "/v1/analytics/usage?from={from}&to={to}&group_by=model&format=csv",
                "2025-07-01",
                "2025-07-02");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.disposition())
                .startsWith("attachment; filename=\"usage-by-model-")
                .endsWith(".csv\"");
        assertThat(export.lines())
                .containsExactly(HEADER, "plain,1,5,5,12.5", "\"odd, \"\"quoted\"\"\nmodel\",1,100,10,0.00000001");
    }

    @Test
    void acceptTextCsvAndTimeBucketsNewestFirst() {
        var company = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(company).at("2025-09-01T10:05:00Z").cost("0.1").build(),
                usage(company).at("2025-09-01T11:00:00Z").cost("0.2").build()));

        var export = csv(
                owner(company),
                "text/csv",
                "/v1/analytics/usage?from={from}&to={to}&group_by=hour",
                "2025-09-01",
                "2025-09-02");
        var json = csv(owner(company), "*/*", "/v1/analytics/usage?from={from}&to={to}", "2025-09-01", "2025-09-02");

        assertThat(export.lines())
                .containsExactly(HEADER, "2025-09-01T11:00:00Z,1,10,20,0.2", "2025-09-01T10:00:00Z,1,10,20,0.1");
        assertThat(json.contentType()).startsWith("application/json");
    }

    @Test
    void exportsOnlyTheCallersCompanyAndRefusesBadQueries() {
        var mine = UUID.randomUUID();
        var theirs = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(mine).at("2025-10-01T10:00:00Z").cost("1").build(),
                usage(theirs).at("2025-10-01T10:00:00Z").cost("2").build()));
        var window = "/v1/analytics/usage?from=2025-10-01&to=2025-10-02&format=csv";

        assertThat(csv(owner(mine), null, window).lines()).containsExactly(HEADER, "2025-10-01T00:00:00Z,1,10,20,1");
        assertThat(csv(owner(mine), null, window + "&company_id=" + theirs).status())
                .isEqualTo(404);
        assertThat(csv(platformAdmin(), null, window + "&company_id=" + theirs).lines())
                .containsExactly(HEADER, "2025-10-01T00:00:00Z,1,10,20,2");
        assertThat(csv(owner(mine), null, window + "&group_by=week").status()).isEqualTo(400);
        assertThat(csv(owner(mine), null, "/v1/analytics/usage?format=pdf").status())
                .isEqualTo(400);
        assertThat(csv(apiKey(mine, "chat"), null, window).status()).isEqualTo(403);
    }
}
