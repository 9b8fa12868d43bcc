package dev.aggregator.billing.topups;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Creates Stripe Checkout Sessions. The client is built from {@link TopUpProperties} (key, API
 * base, timeouts) rather than Stripe's static globals, so nothing else in the JVM shares or
 * overrides them and tests can point the API base at a fake server.
 */
@Component
class StripeCheckout {

    /** The session as far as we need it. */
    record Session(String id, String url) {}

    private static final Logger log = LoggerFactory.getLogger(StripeCheckout.class);

    private final TopUpProperties properties;
    private final StripeClient client;

    StripeCheckout(TopUpProperties properties) {
        this.properties = properties;
        this.client = properties.checkoutConfigured()
                ? StripeClient.builder()
                        .setApiKey(properties.stripeSecretKey())
                        .setApiBase(properties.stripeApiBase())
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setReadTimeout((int) properties.readTimeout().toMillis())
                        .setMaxNetworkRetries(2)
                        .build()
                : null;
    }

    boolean configured() {
        return client != null;
    }

    /**
     * One Checkout Session in payment mode for {@code amount} USD. The top-up id is the session's
     * {@code client_reference_id} and, with the company, in its metadata and the PaymentIntent's,
     * so every later event can be matched back. The top-up id is also Stripe's idempotency key:
     * the library's retries after a network error never open a second session.
     */
    Session create(UUID topUpId, UUID companyId, BigDecimal amount) {
        if (client == null) throw TopUps.notConfigured();
        var base = properties.publicBase() + "/billing/top-ups/" + topUpId;
        var params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(topUpId.toString())
                .putMetadata("top_up_id", topUpId.toString())
                .putMetadata("company_id", companyId.toString())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("top_up_id", topUpId.toString())
                        .putMetadata("company_id", companyId.toString())
                        .build())
                .setSuccessUrl(base + "?checkout=success")
                .setCancelUrl(base + "?checkout=canceled")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(TopUps.cents(amount))
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("AI Aggregator balance top-up")
                                        .build())
                                .build())
                        .build())
                .build();
        var options =
                RequestOptions.builder().setIdempotencyKey("top-up-" + topUpId).build();
        try {
            var session = client.v1().checkout().sessions().create(params, options);
            if (session.getId() == null || session.getUrl() == null) {
                throw new IllegalStateException("Stripe returned a Checkout Session without id or url");
            }
            return new Session(session.getId(), session.getUrl());
        } catch (StripeException e) {
            // Stripe's messages never carry the full key (it masks it); the request id helps support.
            log.warn(
                    "Stripe refused or failed to create a Checkout Session for top-up {}: {} (status {}, request {})",
                    topUpId,
                    e.getClass().getSimpleName(),
                    e.getStatusCode(),
                    e.getRequestId());
            throw new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "payment-provider-error",
                    "Payment provider error",
                    "The payment provider could not start a checkout. Try again later.");
        }
    }
}
