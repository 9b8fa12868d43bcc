package dev.aggregator.analytics.usage;

import dev.aggregator.analytics.query.Access;
import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.UUID;
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

    @GetMapping("/v1/analytics/usage")
    @Operation(
            summary = "Requests, tokens and cost per bucket",
            description = "`group_by` is `day` (default), `hour`, `model`, `provider` or `api_key`. Time buckets "
                    + "are UTC, newest first; other buckets are sorted by cost, highest first. The window "
                    + "defaults to the last 30 days and may span at most 366. Failed requests count in "
                    + "`requests`; tokens and cost are what was charged. A platform admin may pass `company_id`.")
    UsageReport usage(
            Identity identity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        Access.requireAnalyticsReader(identity);
        var scope = CompanyScope.ownCompany(identity, companyId);
        var grouping = GroupBy.parse(groupBy);
        var range = TimeRange.window(from, to, clock);
        return UsageReport.of(usage.buckets(scope, range, grouping), range.from(), range.to(), grouping);
    }
}
