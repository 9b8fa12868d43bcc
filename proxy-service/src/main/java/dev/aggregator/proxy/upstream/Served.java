package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;

/** A provider's successful answer and the candidate that gave it. */
public record Served<T>(Candidate candidate, T answer) {}
