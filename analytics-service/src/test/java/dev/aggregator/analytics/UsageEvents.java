package dev.aggregator.analytics;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.web.RequestIds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** {@link UsageRecorded} events as the proxy writes them, with only what a test cares about spelled out. */
public final class UsageEvents {

    private UUID eventId = UUID.randomUUID();
    private Instant at = Instant.now();
    private final String requestId = RequestIds.newId();
    private UUID usageId = UUID.randomUUID();
    private boolean checkpoint;
    private final UUID companyId;
    private UUID apiKeyId;
    private String model = "gpt-4o-mini";
    private String providerName = "openai";
    private boolean streamed;
    private String status = UsageRecorded.SUCCESS;
    private int httpStatus = 200;
    private String errorCode;
    private long promptTokens = 10;
    private long completionTokens = 20;
    private BigDecimal cost = new BigDecimal("0.00001000");
    private long latencyMs = 100;
    private Long ttftMs;
    private BigDecimal platformCost;

    private UsageEvents(UUID companyId) {
        this.companyId = companyId;
    }

    public static UsageEvents usage(UUID companyId) {
        return new UsageEvents(companyId);
    }

    public UsageEvents eventId(UUID value) {
        eventId = value;
        return this;
    }

    /** The request the event reports on; by default one of its own. */
    public UsageEvents usageId(UUID value) {
        usageId = value;
        return this;
    }

    /**
     * A running stream's checkpoint ({@code true}) or a request's final event ({@code false}, the
     * default); pair with {@link #eventId} to build several events of one request.
     */
    public UsageEvents checkpoint(boolean value) {
        checkpoint = value;
        return this;
    }

    public UsageEvents at(String isoInstant) {
        at = Instant.parse(isoInstant);
        return this;
    }

    public UsageEvents at(Instant value) {
        at = value;
        return this;
    }

    public UsageEvents apiKey(UUID value) {
        apiKeyId = value;
        return this;
    }

    public UsageEvents model(String value) {
        model = value;
        return this;
    }

    /** {@code null} for a request that failed before any provider was tried. */
    public UsageEvents provider(String name) {
        providerName = name;
        return this;
    }

    public UsageEvents tokens(long prompt, long completion) {
        promptTokens = prompt;
        completionTokens = completion;
        return this;
    }

    public UsageEvents cost(String value) {
        cost = new BigDecimal(value);
        return this;
    }

    /** What the provider charged the platform; null (unknown) unless set. */
    public UsageEvents platformCost(String value) {
        platformCost = value == null ? null : new BigDecimal(value);
        return this;
    }

    public UsageEvents latency(long millis) {
        latencyMs = millis;
        return this;
    }

    /** A streamed request's time to first token. */
    public UsageEvents streamed(long ttft) {
        streamed = true;
        ttftMs = ttft;
        return this;
    }

    public UsageEvents failed(int http, String code) {
        status = UsageRecorded.ERROR;
        httpStatus = http;
        errorCode = code;
        return this;
    }

    public UsageRecorded build() {
        UUID providerId =
                providerName == null ? null : UUID.nameUUIDFromBytes(providerName.getBytes(StandardCharsets.UTF_8));
        return new UsageRecorded(
                eventId,
                at,
                requestId,
                usageId,
                companyId,
                apiKeyId,
                apiKeyId == null ? UUID.randomUUID() : null,
                "/v1/chat/completions",
                model,
                providerId,
                providerName,
                model,
                streamed,
                status,
                httpStatus,
                errorCode,
                promptTokens,
                completionTokens,
                new BigDecimal("0.15"),
                new BigDecimal("0.60"),
                cost,
                UUID.randomUUID(),
                checkpoint,
                latencyMs,
                ttftMs,
                platformCost);
    }
}
