package dev.aggregator.billing.topups;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.aggregator.common.web.ApiException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhook events. The signature is checked first, over the raw bytes as received, with
 * Stripe's own code (the check {@code Webhook.constructEvent} starts with). The event is then read
 * with our JSON parser rather than stripe-java's model classes: those are generated for one API
 * version, while the few fields used here ({@code id}, {@code amount_total}, {@code payment_intent},
 * {@code amount_refunded}, …) are the same in every version, so an endpoint pinned to any version
 * works.
 *
 * <p>Nothing here trusts an event's content before its signature verified, and every effect is
 * idempotent ({@link TopUps}), because Stripe delivers at least once and may deliver twice at the
 * same time.
 */
@Component
class StripeWebhooks {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);

    private final TopUpProperties properties;
    private final TopUps topUps;
    private final JsonMapper json;

    StripeWebhooks(TopUpProperties properties, TopUps topUps, JsonMapper json) {
        this.properties = properties;
        this.topUps = topUps;
        this.json = json;
    }

    /** Verifies and applies one delivery; returns the event type for the answer. */
    String receive(String payload, String signatureHeader, String clientIp) {
        if (!properties.webhooksConfigured()) throw TopUps.notConfigured();
        if (signatureHeader == null || signatureHeader.isBlank())
            throw badSignature("The Stripe-Signature header is missing.");
        try {
            Webhook.Signature.verifyHeader(
                    payload,
                    signatureHeader,
                    properties.stripeWebhookSecret(),
                    properties.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException | RuntimeException e) {
            // Never echo why in detail: the reasons help an attacker more than a legitimate sender.
            throw badSignature("The Stripe-Signature header does not verify.");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (JacksonException e) {
            throw badSignature("The event is not JSON.");
        }
        String type = text(event, "type");
        JsonNode object = event.path("data").path("object");
        log.info("Stripe event {} of type {} (api_version {})", text(event, "id"), type, text(event, "api_version"));
        switch (type == null ? "" : type) {
            case "checkout.session.completed" -> {
                if ("paid".equals(text(object, "payment_status"))) paid(object, clientIp);
                // "unpaid" means a delayed payment method: async_payment_succeeded follows if it clears.
            }
            case "checkout.session.async_payment_succeeded" -> paid(object, clientIp);
            case "checkout.session.expired" -> {
                var topUpId = topUpIdOf(object);
                if (topUpId != null) topUps.expired(topUpId, text(object, "id"));
            }
            case "charge.refunded" -> refunded(object, clientIp);
            default -> {
                // Other events (enabled by mistake, or added by Stripe) are acknowledged and ignored.
            }
        }
        return type;
    }

    private void paid(JsonNode session, String clientIp) {
        var topUpId = topUpIdOf(session);
        if (topUpId == null) return;
        var amountTotal = session.path("amount_total");
        topUps.paid(
                topUpId,
                text(session, "id"),
                amountTotal.isIntegralNumber() ? amountTotal.longValue() : null,
                text(session, "currency"),
                idOf(session.path("payment_intent")),
                clientIp);
    }

    private void refunded(JsonNode charge, String clientIp) {
        var paymentIntent = idOf(charge.path("payment_intent"));
        var amountRefunded = charge.path("amount_refunded");
        if (paymentIntent == null || !amountRefunded.isIntegralNumber()) return;
        topUps.refunded(paymentIntent, amountRefunded.longValue(), text(charge, "id"), clientIp);
    }

    /** Our id, from {@code client_reference_id} or else the metadata; null for foreign sessions. */
    private static UUID topUpIdOf(JsonNode session) {
        var reference = text(session, "client_reference_id");
        if (reference == null) reference = text(session.path("metadata"), "top_up_id");
        if (reference == null) return null;
        try {
            return UUID.fromString(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An expandable field: an id string, or the expanded object carrying {@code id}. */
    private static String idOf(JsonNode field) {
        if (field.isString()) return field.asString();
        if (field.isObject()) return text(field, "id");
        return null;
    }

    private static String text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static ApiException badSignature(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-webhook-signature", "Invalid webhook", detail);
    }
}
