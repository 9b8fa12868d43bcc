package dev.aggregator.billing.ledger;

import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.billing.web.Timestamps;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.CsvWriter;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing", description = "Balance, ledger, plans and subscriptions of the caller's company")
class TransactionsController {

    private static final String PATH = "/v1/billing/transactions";

    private final TransactionHistory history;

    TransactionsController(TransactionHistory history) {
        this.history = history;
    }

    @GetMapping(PATH)
    @Operation(
            summary = "The company's ledger, newest first",
            description = "from is inclusive, to exclusive (ISO-8601). amount is signed: credits are positive,"
                    + " charges negative. A PLATFORM_ADMIN may pass company_id. format=csv (or Accept: text/csv)"
                    + " answers every entry matching the filters as CSV instead, newest first, without paging.")
    CursorPage<TransactionView> list(
            Identity identity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            @RequestParam(required = false) String format) {
        if (format != null && !format.equals("json")) throw ApiException.badRequest("format", "must be json or csv");
        return history.page(query(identity, type, from, to, cursor, Pagination.limit(limit), companyId));
    }

    @GetMapping(path = PATH, params = "format=csv")
    void exportCsv(
            Identity identity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            HttpServletResponse response)
            throws IOException {
        var query = query(identity, type, from, to, null, Pagination.MAX_LIMIT, companyId);
        // Written on the request's (virtual) thread straight to the response, page by page: no
        // async timeout cuts a long export short, and no more than one page is ever in memory.
        response.setContentType(CsvWriter.CONTENT_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, CsvWriter.attachment("transactions"));
        try (var csv = new CsvWriter(response.getOutputStream())) {
            history.export(query, csv);
        }
    }

    @GetMapping(path = PATH, produces = CsvWriter.MEDIA_TYPE)
    void exportCsvByAccept(
            Identity identity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "company_id", required = false) UUID companyId,
            HttpServletResponse response)
            throws IOException {
        exportCsv(identity, type, from, to, companyId, response);
    }

    private static TransactionHistory.Query query(
            Identity identity, String type, String from, String to, String cursor, int limit, UUID companyId) {
        var fromInstant = Timestamps.parse("from", from);
        var toInstant = Timestamps.parse("to", to);
        if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
            throw ApiException.badRequest("from", "must not be after to");
        }
        return new TransactionHistory.Query(
                Tenancy.companyFor(identity, companyId),
                type == null || type.isBlank() ? null : EntryType.parse("type", type),
                fromInstant,
                toInstant,
                cursor,
                limit);
    }
}
