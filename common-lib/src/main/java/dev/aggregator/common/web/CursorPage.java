package dev.aggregator.common.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The list shape of the platform API: newest first, with an opaque cursor to the next page.
 * {@code next_cursor} is sent as {@code null} on the last page, never left out.
 */
public record CursorPage<T>(
        List<T> data,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}
