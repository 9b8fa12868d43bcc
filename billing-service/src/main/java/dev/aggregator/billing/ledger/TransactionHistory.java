package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import java.time.Instant;
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

    @Transactional(readOnly = true)
    CursorPage<TransactionView> page(Query query) {
        var after = cursors.decode(query.cursor());
        var rows = entries.page(
                query.companyId(), query.type(), query.from(), query.to(), after, Cursors.fetchSize(query.limit()));
        return cursors.page(rows, query.limit(), LedgerEntry::createdAt, LedgerEntry::id, TransactionView::of);
    }
}
