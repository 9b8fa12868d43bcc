package dev.aggregator.gateway.authentication;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * Evicts revoked and changed keys as soon as auth-service says so, on every gateway instance (each
 * has its own queue), so a revoked key stops working, and a changed cap, rate limit or model
 * allow-list applies, within a second rather than after the cache TTL.
 */
class ApiKeyRevocationListener {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyRevocationListener.class);

    /**
     * What {@code ApiKeyRevoked} and {@code ApiKeyChanged} both say, and all that eviction needs:
     * one handler for the queue both are bound to.
     */
    record ApiKeyNotice(UUID companyId, UUID apiKeyId) {}

    private final ApiKeyVerifier verifier;

    ApiKeyRevocationListener(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    @RabbitListener(queues = "#{apiKeyRevocationQueue.name}")
    void onApiKeyRevokedOrChanged(ApiKeyNotice notice) {
        verifier.evict(notice.apiKeyId());
        log.info("Evicted API key {} of company {}", notice.apiKeyId(), notice.companyId());
    }
}
