package dev.aggregator.analytics.audit;

import dev.aggregator.analytics.query.Access;
import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
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
@Tag(name = "Audit log", description = "Security- and money-relevant actions")
class AuditLogController {

    private final AuditLogRepository auditLog;
    private final Cursors cursors;

    AuditLogController(AuditLogRepository auditLog, Cursors cursors) {
        this.auditLog = auditLog;
        this.cursors = cursors;
    }

    @GetMapping("/v1/audit-logs")
    @Operation(
            summary = "The audit log, newest first",
            description = "Readable by the company's OWNER and ADMIN (their own company) and by a platform admin "
                    + "(every company, or one with `company_id`). Filters: exact `action`, `from`/`to` bounds.")
    CursorPage<AuditLogView> list(
            Identity identity,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        Access.requireAuditReader(identity);
        var scope = CompanyScope.ownCompanyOrPlatform(identity, companyId);
        int pageSize = Pagination.limit(limit);
        var range = TimeRange.bounds(from, to);
        String actionFilter = action == null || action.isBlank() ? null : action;
        var rows = auditLog.findPage(scope, actionFilter, range, cursors.decode(cursor), pageSize);
        return cursors.page(rows, pageSize, AuditEntry::createdAt, AuditEntry::id, AuditLogView::of);
    }
}
