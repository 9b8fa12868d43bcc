package dev.aggregator.proxy.billing;

import dev.aggregator.proxy.openai.OpenAiException;
import java.math.BigDecimal;
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
 * Billing's reservation protocol: reserve the worst case before a request runs; release it if the
 * request fails. A successful request is settled by billing from its {@code usage.recorded}
 * event, so there is no settle call here.
 */
@Component
public class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    record ReserveRequest(String requestId, UUID companyId, UUID apiKeyId, BigDecimal amount) {}

    /** Billing's limit on {@code request_id}. */
    private static final int MAX_KEY = 128;

    private final RestClient billing;
    private final JsonMapper json;

    Reservations(@Qualifier("billing") RestClient billing, JsonMapper json) {
        this.billing = billing;
        this.json = json;
    }

    /** The reservation, or an OpenAI 402 when the company's available balance is short. */
    public Reservation reserve(String requestId, UUID companyId, UUID apiKeyId, BigDecimal amount) {
        try {
            Reservation reservation = billing.post()
                    .uri("/internal/reservations")
                    .body(new ReserveRequest(holdKey(requestId), companyId, apiKeyId, amount))
                    .retrieve()
                    .onStatus(status -> status.value() == HttpStatus.PAYMENT_REQUIRED.value(), (request, response) -> {
                        throw refused(response.getBody().readAllBytes(), amount);
                    })
                    .body(Reservation.class);
            if (reservation == null || reservation.reservationId() == null) {
                throw new IllegalStateException("reservation without an id");
            }
            return reservation;
        } catch (RestClientException | IllegalStateException e) {
            log.warn("Reservation for request {} failed: {}", requestId, e.getMessage());
            throw OpenAiException.serviceUnavailable();
        }
    }

    /**
     * Gives the funds back at once. Never throws: if billing cannot be reached, the reservation
     * still expires on its own, so the caller's error answer must not wait on this.
     */
    public void release(UUID reservationId) {
        try {
            billing.post()
                    .uri("/internal/reservations/{id}/release", reservationId)
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientException e) {
            log.warn("Releasing reservation {} failed, it will expire instead: {}", reservationId, e.getMessage());
        }
    }

    /**
     * Billing deduplicates reservations by {@code request_id}, but the public {@code x-request-id}
     * is the client's to choose and may repeat; two requests must never share one hold. The key is
     * the request id (readable in billing's table) plus a random suffix. The usage event keeps the
     * plain request id, which is what the ledger and the request log show.
     */
    static String holdKey(String requestId) {
        String suffix = "~" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String prefix = requestId.length() > MAX_KEY - suffix.length()
                ? requestId.substring(0, MAX_KEY - suffix.length())
                : requestId;
        return prefix + suffix;
    }

    private OpenAiException refused(byte[] problem, BigDecimal amount) {
        BigDecimal required = amount;
        BigDecimal available = BigDecimal.ZERO;
        try {
            JsonNode body = json.readTree(problem);
            required = amount(body.path("required"), amount);
            available = amount(body.path("available"), available);
        } catch (RuntimeException e) {
            log.warn("Billing refused a reservation with an unreadable problem body");
        }
        return OpenAiException.insufficientQuota(
                QuotaMessages.insufficientFunds(required, available.max(BigDecimal.ZERO)));
    }

    private static BigDecimal amount(JsonNode node, BigDecimal fallback) {
        if (node.isNumber()) return node.decimalValue();
        if (node.isString()) return new BigDecimal(node.stringValue());
        return fallback;
    }
}
