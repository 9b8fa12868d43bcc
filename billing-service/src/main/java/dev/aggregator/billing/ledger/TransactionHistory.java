package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.CsvWriter;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pages through a company's ledger with keyset cursors, newest first. */
@Service
class TransactionHistory {

    record Query(UUID companyId, EntryType type, Instant from, Instant to, String cursor, int limit) {}

    private final LedgerEntryRepository entries;
    private final Cursors cursors;

    TransactionHistory(LedgerEntryRepository entries, Cursors cursors) {
        this.entries = entries;
        this.cursors = cursors;
    }

    /** Rows per keyset query of an export. */
    static final int EXPORT_PAGE = 1_000;

    @Transactional(readOnly = true)
    CursorPage<TransactionView> page(Query query) {
        var after = cursors.decode(query.cursor());
        var rows = entries.page(
                query.companyId(), query.type(), query.from(), query.to(), after, Cursors.fetchSize(query.limit()));
        return cursors.page(rows, query.limit(), LedgerEntry::createdAt, LedgerEntry::id, TransactionView::of);
    }

    /**
     * Writes every entry matching the query's filters as CSV, newest first. Each page is its own
     * short keyset query (no transaction or cursor stays open while the client reads slowly), and
     * is flushed before the next is read. Entries posted meanwhile are newer than the first page,
     * so they are simply not part of this export.
     */
    void export(Query query, CsvWriter csv) {
        csv.row("id", "type", "amount", "balance_after", "description", "request_id", "created_at");
        Cursors.Position after = null;
        List<LedgerEntry> rows;
        do {
            rows = entries.page(query.companyId(), query.type(), query.from(), query.to(), after, EXPORT_PAGE);
            for (var entry : rows) {
                csv.row(
                        entry.id(),
                        entry.type(),
                        entry.amount(),
                        entry.balanceAfter(),
                        entry.description(),
                        entry.requestId(),
                        entry.createdAt());
            }
            csv.flush();
            if (!rows.isEmpty()) {
                var last = rows.getLast();
                after = new Cursors.Position(last.createdAt(), last.id());
            }
        } while (rows.size() == EXPORT_PAGE);
    }
}
