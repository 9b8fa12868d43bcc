package dev.aggregator.proxy.testsupport;

import dev.aggregator.proxy.routing.Candidate;
import java.math.BigDecimal;
import java.util.UUID;

/** Route-plan candidates for tests; each gets a fresh provider id, hence its own circuit breaker. */
public final class Candidates {

    private Candidates() {}

    public static Candidate mock(String name, String providerModel) {
        return mock(name, providerModel, "0", "0");
    }

    public static Candidate mock(String name, String providerModel, String inputPrice, String outputPrice) {
        return new Candidate(
                UUID.randomUUID(),
                name,
                "openai_compatible",
                MockProvider.shared().openAiBaseUrl(),
                MockProvider.API_KEY,
                providerModel,
                new BigDecimal(inputPrice),
                new BigDecimal(outputPrice));
    }

    public static Candidate priced(String inputPrice, String outputPrice) {
        return new Candidate(
                UUID.randomUUID(),
                "priced",
                "openai",
                "http://127.0.0.1:1/v1",
                "sk-secret",
                "gpt-test",
                new BigDecimal(inputPrice),
                new BigDecimal(outputPrice));
    }
}
