package dev.aggregator.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CursorsTests {

    private final Cursors cursors = new Cursors("a-test-secret-that-is-long-enough");

    @Test
    void decodesWhatItEncoded() {
        var createdAt = Instant.parse("2026-11-27T12:34:56.123456Z");
        var id = UUID.randomUUID();

        assertThat(cursors.decode(cursors.encode(createdAt, id))).isEqualTo(new Cursors.Position(createdAt, id));
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(cursors.decode(null)).isNull();
        assertThat(cursors.decode("")).isNull();
    }

    @Test
    void refusesCursorsItDidNotIssue() {
        var foreign = new Cursors("another-secret-that-is-long-enough").encode(Instant.now(), UUID.randomUUID());

        for (String cursor : new String[] {foreign, "garbage", "!!!", foreign.substring(1)}) {
            assertThatThrownBy(() -> cursors.decode(cursor))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
        }
    }

    record Row(Instant createdAt, UUID id) {}

    @Test
    void aPageShowsAtMostTheLimitAndPointsAfterItsLastRow() {
        var rows = java.util.stream.IntStream.range(0, Cursors.fetchSize(2))
                .mapToObj(i -> new Row(Instant.parse("2026-11-27T12:00:00Z").minusSeconds(i), UUID.randomUUID()))
                .toList();

        var page = cursors.page(rows, 2, Row::createdAt, Row::id, Row::id);
        var last = cursors.page(rows.subList(0, 2), 2, Row::createdAt, Row::id, Row::id);

        assertThat(page.data()).containsExactly(rows.get(0).id(), rows.get(1).id());
        assertThat(cursors.decode(page.nextCursor()))
                .isEqualTo(new Cursors.Position(
                        rows.get(1).createdAt(), rows.get(1).id()));
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void limitDefaultsTo50AndStaysWithin1To500() {
        assertThat(Pagination.limit(null)).isEqualTo(50);
        assertThat(Pagination.limit(1)).isEqualTo(1);
        assertThat(Pagination.limit(500)).isEqualTo(500);
        assertThatThrownBy(() -> Pagination.limit(0)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Pagination.limit(501)).isInstanceOf(ApiException.class);
    }
}
