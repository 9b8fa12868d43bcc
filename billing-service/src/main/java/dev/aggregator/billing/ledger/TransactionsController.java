package dev.aggregator.billing.ledger;

import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.billing.web.Timestamps;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing", description = "Balance, ledger, plans and subscriptions of the caller's company")
class TransactionsController {

    private final TransactionHistory history;

    TransactionsController(TransactionHistory history) {
        this.history = history;
    }

    @GetMapping("/v1/billing/transactions")
    @Operation(
            summary = "The company's ledger, newest first",
            description = "from is inclusive, to exclusive (ISO-8601). amount is signed: credits are positive,"
                    + " charges negative. A PLATFORM_ADMIN may pass company_id.")
    CursorPage<TransactionView> list(
            Identity identity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        var fromInstant = Timestamps.parse("from", from);
        var toInstant = Timestamps.parse("to", to);
        if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
            throw ApiException.badRequest("from", "must not be after to");
        }
        var query = new TransactionHistory.Query(
                Tenancy.companyFor(identity, companyId),
                type == null || type.isBlank() ? null : EntryType.parse("type", type),
                fromInstant,
                toInstant,
                cursor,
                Pagination.limit(limit));
        return history.page(query);
    }
}
