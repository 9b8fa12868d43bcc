package dev.aggregator.proxy.billing;

import dev.aggregator.proxy.openai.OpenAiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Billing's budget-lease protocol (see docs/admission-and-usage.md): a lease holds funds of one
 * company for this proxy instance, which admits many requests against it without asking billing
 * again. Settlement draws the lease down from the usage events; closing it tells billing how much
 * was recorded under it, so that the rest goes back to the company.
 */
@Component
public class LeaseClient {

    private static final Logger log = LoggerFactory.getLogger(LeaseClient.class);

    /** What billing granted: {@code amount} is the lease's total so far, after an extend too. */
    public record Granted(UUID leaseId, BigDecimal amount, Instant expiresAt) {}

    /**
     * A grant asked for: {@code apiKeyId}, {@code spendLimit} and {@code keyMonth} only for a
     * capped key's own lease, which billing grants within the key's room as well.
     */
    public record GrantRequest(
            UUID companyId,
            String holder,
            BigDecimal minimum,
            BigDecimal desired,
            UUID apiKeyId,
            BigDecimal spendLimit,
            YearMonth keyMonth) {}

    record ExtendRequest(BigDecimal minimum, BigDecimal desired) {}

    record RenewRequest(List<UUID> leaseIds) {}

    record Renewed(List<UUID> ended) {}

    record CloseRequest(BigDecimal recordedCost) {}

    private final RestClient billing;
    private final JsonMapper json;

    LeaseClient(@Qualifier("billing") RestClient billing, JsonMapper json) {
        this.billing = billing;
        this.json = json;
    }

    /**
     * A new lease of between {@code minimum} and {@code desired}.
     *
     * @throws FundsShort when the company's available funds are below {@code minimum}
     * @throws OpenAiException 503 when billing cannot answer
     */
    public Granted grant(GrantRequest grant) {
        var companyId = grant.companyId();
        var minimum = grant.minimum();
        try {
            return granted(billing.post()
                    .uri("/internal/leases")
                    .body(grant)
                    .retrieve()
                    .onStatus(status -> status.value() == HttpStatus.PAYMENT_REQUIRED.value(), (request, response) -> {
                        throw fundsShort(response.getBody().readAllBytes(), minimum);
                    })
                    .body(Granted.class));
        } catch (RestClientException | IllegalStateException e) {
            log.warn("Lease for company {} could not be granted: {}", companyId, e.getMessage());
            throw OpenAiException.serviceUnavailable();
        }
    }

    /**
     * Adds between {@code minimum} and {@code desired} to an active lease.
     *
     * @throws FundsShort when the company's available funds are below {@code minimum}
     * @throws LeaseEnded when the lease is no longer active at billing: open a new one instead
     * @throws OpenAiException 503 when billing cannot answer
     */
    public Granted extend(UUID leaseId, BigDecimal minimum, BigDecimal desired) {
        try {
            return granted(billing.post()
                    .uri("/internal/leases/{id}/extend", leaseId)
                    .body(new ExtendRequest(minimum, desired))
                    .retrieve()
                    .onStatus(status -> status.value() == HttpStatus.PAYMENT_REQUIRED.value(), (request, response) -> {
                        throw fundsShort(response.getBody().readAllBytes(), minimum);
                    })
                    .onStatus(status -> status.value() == HttpStatus.CONFLICT.value(), (request, response) -> {
                        throw new LeaseEnded(leaseId);
                    })
                    .body(Granted.class));
        } catch (RestClientException | IllegalStateException e) {
            log.warn("Lease {} could not be extended: {}", leaseId, e.getMessage());
            throw OpenAiException.serviceUnavailable();
        }
    }

    /**
     * Keeps the leases from expiring at billing.
     *
     * @return the ones billing no longer holds as active
     * @throws RestClientException when billing cannot answer (the next renewal tries again)
     */
    public Set<UUID> renew(Collection<UUID> leaseIds) {
        Renewed renewed = billing.post()
                .uri("/internal/leases/renew")
                .body(new RenewRequest(List.copyOf(leaseIds)))
                .retrieve()
                .body(Renewed.class);
        return renewed == null || renewed.ended() == null ? Set.of() : Set.copyOf(renewed.ended());
    }

    /**
     * Tells billing what was recorded under the lease; what remains of its hold goes back to the
     * company. Idempotent at billing; a lease billing does not know holds nothing, so that is done
     * too.
     *
     * @throws RestClientException when billing cannot answer: the caller keeps the lease to retry
     */
    public void close(UUID leaseId, BigDecimal recordedCost) {
        billing.post()
                .uri("/internal/leases/{id}/close", leaseId)
                .body(new CloseRequest(recordedCost))
                .retrieve()
                .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                    log.warn("Billing does not know lease {}; nothing to close", leaseId);
                })
                .toBodilessEntity();
    }

    private static Granted granted(Granted granted) {
        if (granted == null || granted.leaseId() == null || granted.amount() == null) {
            throw new IllegalStateException("lease answer without an id or amount");
        }
        return granted;
    }

    private FundsShort fundsShort(byte[] problem, BigDecimal minimum) {
        BigDecimal available = BigDecimal.ZERO;
        try {
            var body = json.readTree(problem);
            if (FundsShort.SPEND_LIMIT.equals(body.path("code").asString(""))) {
                return FundsShort.spendLimit(
                        minimum, amount(body.path("remaining"), available).max(BigDecimal.ZERO));
            }
            available = amount(body.path("available"), available);
        } catch (RuntimeException e) {
            log.warn("Billing refused a lease with an unreadable problem body");
        }
        return new FundsShort(minimum, available.max(BigDecimal.ZERO));
    }

    private static BigDecimal amount(JsonNode node, BigDecimal fallback) {
        if (node.isNumber()) return node.decimalValue();
        if (node.isString()) return new BigDecimal(node.stringValue());
        return fallback;
    }
}
