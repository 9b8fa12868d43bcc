package dev.aggregator.analytics.requests;

import dev.aggregator.analytics.query.Access;
import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Analytics", description = "Request log, usage aggregates, provider performance")
class RequestLogController {

    private final RequestLogRepository requestLog;
    private final Cursors cursors;

    RequestLogController(RequestLogRepository requestLog, Cursors cursors) {
        this.requestLog = requestLog;
        this.cursors = cursors;
    }

    @GetMapping("/v1/analytics/requests")
    @Operation(
            summary = "The company's request log, newest first",
            description = "One entry per proxied request, successful (`status=success`) or not (`error`). "
                    + "Filters: exact `model`, `status`. A platform admin may pass `company_id`.")
    CursorPage<RequestView> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String status,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        Access.requireAnalyticsReader(identity);
        var scope = CompanyScope.ownCompany(identity, companyId);
        int pageSize = Pagination.limit(limit);
        var rows = requestLog.findPage(scope, new RequestFilter(model, status), cursors.decode(cursor), pageSize);
        return cursors.page(rows, pageSize, RequestLogEntry::createdAt, RequestLogEntry::id, RequestView::of);
    }
}
