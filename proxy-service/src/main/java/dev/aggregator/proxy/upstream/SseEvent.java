package dev.aggregator.proxy.upstream;

/**
 * One server-sent event: its {@code event:} name (null when absent, as in OpenAI's streams) and
 * its {@code data:} lines joined by newlines.
 */
public record SseEvent(String event, String data) {}
