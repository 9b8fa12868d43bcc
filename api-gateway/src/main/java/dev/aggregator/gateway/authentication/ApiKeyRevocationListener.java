package dev.aggregator.gateway.authentication;

import dev.aggregator.common.events.ApiKeyRevoked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * Evicts revoked keys as soon as auth-service says so, on every gateway instance (each has its
 * own queue), so a revoked key stops working within a second rather than after the cache TTL.
 */
class ApiKeyRevocationListener {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyRevocationListener.class);

    private final ApiKeyVerifier verifier;

    ApiKeyRevocationListener(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    @RabbitListener(queues = "#{apiKeyRevocationQueue.name}")
    void onApiKeyRevoked(ApiKeyRevoked event) {
        verifier.evict(event.apiKeyId());
        log.info("Evicted revoked API key {} of company {}", event.apiKeyId(), event.companyId());
    }
}
