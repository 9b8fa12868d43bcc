package dev.aggregator.orchestrator.audit;

import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes {@code audit.recorded} events through the outbox, in the transaction of the change they
 * describe. Details are short, non-secret facts: never an API key, not even a masked one.
 */
@Component
public class AuditTrail {

    private final OutboxWriter outbox;

    AuditTrail(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void record(Identity actor, String action, String target, Map<String, String> details) {
        outbox.append(AuditRecorded.of(actor.companyId(), actor.actor(), action, target, clientAddress(), details));
    }

    /**
     * The address the gateway saw: the last {@code X-Forwarded-For} hop is the one it appended
     * (earlier hops are whatever the client claimed), else the direct peer.
     */
    private static String clientAddress() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) return null;
        var request = attributes.getRequest();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) return request.getRemoteAddr();
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        return last.isEmpty() ? request.getRemoteAddr() : last;
    }
}
