package dev.aggregator.analytics.performance;

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
class PerformanceController {

    private final PerformanceRepository performance;
    private final Clock clock;

    PerformanceController(PerformanceRepository performance, Clock clock) {
        this.performance = performance;
        this.clock = clock;
    }

    @GetMapping("/v1/analytics/performance")
    @Operation(
            summary = "Latency percentiles and error rate per provider and model",
            description = "p50/p95/p99 of total latency and of time to first token, in ms, over the window "
                    + "(default the last 30 days, at most 366). The caller's company; a platform admin sees "
                    + "the whole platform unless it passes `company_id`.")
    PerformanceReport performance(
            Identity identity,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        Access.requireAnalyticsReader(identity);
        var scope = CompanyScope.ownCompanyOrPlatform(identity, companyId);
        var range = TimeRange.window(from, to, clock);
        return new PerformanceReport(performance.byProviderAndModel(scope, range), range.from(), range.to());
    }
}
