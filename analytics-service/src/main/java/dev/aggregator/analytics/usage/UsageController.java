package dev.aggregator.analytics.usage;

import dev.aggregator.analytics.query.Access;
import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.CsvWriter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Analytics", description = "Request log, usage aggregates, provider performance")
class UsageController {

    private final UsageRepository usage;
    private final Clock clock;

    UsageController(UsageRepository usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    private static final String PATH = "/v1/analytics/usage";

    @GetMapping(PATH)
    @Operation(
            summary = "Requests, tokens and cost per bucket",
            description = "`group_by` is `day` (default), `hour`, `model`, `provider` or `api_key`. Time buckets "
                    + "are UTC, newest first; other buckets are sorted by cost, highest first. The window "
                    + "defaults to the last 30 days and may span at most 366. Failed requests count in "
                    + "`requests`; tokens and cost are what was charged. A platform admin may pass `company_id`. "
                    + "`format=csv` (or `Accept: text/csv`) answers the same buckets as CSV.")
    UsageReport usage(
            Identity identity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            @RequestParam(required = false) String format) {
        if (format != null && !format.equals("json")) throw ApiException.badRequest("format", "must be json or csv");
        Access.requireAnalyticsReader(identity);
        var scope = CompanyScope.ownCompany(identity, companyId);
        var grouping = GroupBy.parse(groupBy);
        var range = TimeRange.window(from, to, clock);
        return UsageReport.of(usage.buckets(scope, range, grouping), range.from(), range.to(), grouping);
    }

    /**
     * The same buckets as CSV, in the same order (no totals row: a spreadsheet sums them). Written
     * on the request's (virtual) thread straight to the response as the rows are read, so no async
     * timeout cuts a long export short.
     */
    @GetMapping(path = PATH, params = "format=csv")
    void usageCsv(
            Identity identity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            HttpServletResponse response)
            throws IOException {
        Access.requireAnalyticsReader(identity);
        var scope = CompanyScope.ownCompany(identity, companyId);
        var grouping = GroupBy.parse(groupBy);
        var range = TimeRange.window(from, to, clock);
        response.setContentType(CsvWriter.CONTENT_TYPE);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION, CsvWriter.attachment("usage-by-" + grouping.parameterValue()));
        try (var csv = new CsvWriter(response.getOutputStream())) {
            csv.row("bucket", "requests", "prompt_tokens", "completion_tokens", "cost");
            usage.stream(
                    scope,
                    range,
                    grouping,
                    bucket -> csv.row(
                            bucket.bucket(),
                            bucket.requests(),
                            bucket.promptTokens(),
                            bucket.completionTokens(),
                            bucket.cost()));
        }
    }

    @GetMapping(path = PATH, produces = CsvWriter.MEDIA_TYPE)
    void usageCsvByAccept(
            Identity identity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            HttpServletResponse response)
            throws IOException {
        usageCsv(identity, from, to, groupBy, companyId, response);
    }
}
