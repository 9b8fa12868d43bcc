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
        // One row more than asked tells whether another page exists without a count query.
        var rows = entries.page(query.companyId(), query.type(), query.from(), query.to(), after, query.limit() + 1);
        boolean more = rows.size() > query.limit();
        var page = more ? rows.subList(0, query.limit()) : rows;
        String next = null;
        if (more) {
            var last = page.getLast();
            next = cursors.encode(last.createdAt(), last.id());
        }
        return new CursorPage<>(page.stream().map(TransactionView::of).toList(), next);
    }
}
