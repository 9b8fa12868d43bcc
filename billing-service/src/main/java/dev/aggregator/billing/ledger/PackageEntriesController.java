package dev.aggregator.billing.ledger;

import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The package's own statement, beside the balance's ({@code /v1/billing/transactions}): the
 * contract keeps the transaction types as they are, and usage a package paid moves no balance.
 */
@RestController
@Tag(name = "Billing")
class PackageEntriesController {

    private final PackageEntryRepository entries;
    private final Cursors cursors;

    PackageEntriesController(PackageEntryRepository entries, Cursors cursors) {
        this.entries = entries;
        this.cursors = cursors;
    }

    @GetMapping("/v1/billing/package-entries")
    @Transactional(readOnly = true)
    @Operation(
            summary = "Movements of the company's plan package, newest first",
            description = "OPENED when a paid period starts, DRAWN by each request's cost (before the balance),"
                    + " RESTORED when a stream's final count gives back what a checkpoint over-charged, EXPIRED when"
                    + " a period ends with something left. amount is signed; remaining_after is the package after"
                    + " the entry. A PLATFORM_ADMIN may pass company_id.")
    CursorPage<PackageEntryView> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        var company = Tenancy.companyFor(identity, companyId);
        int size = Pagination.limit(limit);
        var rows = entries.page(company, cursors.decode(cursor), Cursors.fetchSize(size));
        return cursors.page(rows, size, PackageEntryView::createdAt, PackageEntryView::id, view -> view);
    }
}
