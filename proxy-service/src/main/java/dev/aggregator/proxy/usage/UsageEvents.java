package dev.aggregator.proxy.usage;

import dev.aggregator.common.events.UsageRecorded;

/** Copies of usage events with one field changed; records have no withers. */
final class UsageEvents {

    private UsageEvents() {}

    /** The same event, charged to the balance rather than to a lease the fence no longer accepts. */
    static UsageRecorded withoutLease(UsageRecorded e) {
        return new UsageRecorded(
                e.eventId(),
                e.occurredAt(),
                e.requestId(),
                e.usageId(),
                e.companyId(),
                e.apiKeyId(),
                e.userId(),
                e.endpoint(),
                e.model(),
                e.providerId(),
                e.providerName(),
                e.providerModel(),
                e.streamed(),
                e.status(),
                e.httpStatus(),
                e.errorCode(),
                e.promptTokens(),
                e.completionTokens(),
                e.inputPricePerMillion(),
                e.outputPricePerMillion(),
                e.cost(),
                null,
                e.checkpoint(),
                e.latencyMs(),
                e.ttftMs(),
                e.platformCost());
    }
}
