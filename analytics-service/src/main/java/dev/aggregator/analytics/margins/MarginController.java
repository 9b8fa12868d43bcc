package dev.aggregator.analytics.margins;

import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform admin's revenue, cost and margin per provider and model, across every company. */
@RestController
@Tag(name = "Analytics", description = "Request log, usage aggregates, provider performance")
class MarginController {

    private final MarginRepository margins;
    private final Clock clock;

    MarginController(MarginRepository margins, Clock clock) {
        this.margins = margins;
        this.clock = clock;
    }

    @GetMapping("/v1/analytics/margins")
    @Operation(
            summary = "Revenue, provider cost and margin per provider and model (PLATFORM_ADMIN)",
            description = "Over the window (default the last 30 days, at most 366), every company. Revenue is what"
                    + " companies were charged, cost what the providers charge the platform at the offerings' cost"
                    + " prices, margin their difference.")
    MarginReport margins(
            Identity identity, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        identity.requirePlatformAdmin();
        var range = TimeRange.window(from, to, clock);
        var entries = margins.byProviderAndModel(range);
        return new MarginReport(entries, MarginReport.Totals.of(entries), range.from(), range.to());
    }
}
