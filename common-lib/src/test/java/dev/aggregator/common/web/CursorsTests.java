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

    @Test
    void limitDefaultsTo50AndStaysWithin1To500() {
        assertThat(Pagination.limit(null)).isEqualTo(50);
        assertThat(Pagination.limit(1)).isEqualTo(1);
        assertThat(Pagination.limit(500)).isEqualTo(500);
        assertThatThrownBy(() -> Pagination.limit(0)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Pagination.limit(501)).isInstanceOf(ApiException.class);
    }
}
