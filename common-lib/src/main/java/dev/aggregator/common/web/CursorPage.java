package dev.aggregator.common.web;

import java.util.List;

/** The list shape of the platform API: newest first, with an opaque cursor to the next page. */
public record CursorPage<T>(List<T> data, String nextCursor) {}
