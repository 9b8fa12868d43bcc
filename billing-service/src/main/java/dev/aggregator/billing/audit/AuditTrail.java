package dev.aggregator.billing.audit;

import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Money-relevant actions for the audit log, published through the outbox with the change. */
@Component
public class AuditTrail {

    private final OutboxWriter outbox;

    AuditTrail(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /**
     * @param companyId the company the action concerns (whose audit log shows it)
     * @param details short, non-secret facts such as ids and amounts
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            Identity actor, UUID companyId, String action, String target, String ip, Map<String, String> details) {
        outbox.append(AuditRecorded.of(companyId, actor.actor(), action, target, ip, details));
    }
}
