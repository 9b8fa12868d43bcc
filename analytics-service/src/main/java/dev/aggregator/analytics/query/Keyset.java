package dev.aggregator.analytics.query;

import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns the rows of a keyset query, fetched with {@code LIMIT limit + 1}, into a page: the extra
 * row only tells that another page exists, and the cursor points after the last row shown.
 */
public final class Keyset {

    private Keyset() {}

    /** The {@code LIMIT} to query with for a page of {@code limit} rows. */
    public static int fetchSize(int limit) {
        return limit + 1;
    }

    public static <R, V> CursorPage<V> page(
            List<R> rows,
            int limit,
            Cursors cursors,
            Function<R, Instant> createdAt,
            Function<R, UUID> id,
            Function<R, V> view) {
        boolean more = rows.size() > limit;
        var shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            R last = shown.getLast();
            next = cursors.encode(createdAt.apply(last), id.apply(last));
        }
        return new CursorPage<>(shown.stream().map(view).toList(), next);
    }
}
