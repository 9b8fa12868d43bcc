package dev.aggregator.billing.topups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Stripe settings for self-serve top-ups. Both secrets are optional: without them the feature is
 * off (503 {@code payments-not-configured}) and the rest of billing runs as before.
 *
 * <p>The secrets carry no Bean Validation constraint on purpose: Boot's binding failure report
 * prints the offending value, and {@link #toString()} is overridden so that neither secret ever
 * reaches a log line or an error message.
 *
 * @param stripeSecretKey {@code STRIPE_SECRET_KEY}, the API key Checkout Sessions are created with
 * @param stripeWebhookSecret {@code STRIPE_WEBHOOK_SECRET}, the endpoint's signing secret ({@code whsec_…})
 * @param stripeApiBase {@code STRIPE_API_BASE}, Stripe's API address; tests point it at a fake
 * @param publicUrl {@code PUBLIC_URL}, the platform's public address, for Checkout's return URLs
 * @param webhookTolerance how old a signed webhook may be (Stripe's own default is 5 minutes);
 *     older ones are refused so that a captured delivery cannot be replayed later
 * @param connectTimeout connect timeout of calls to Stripe
 * @param readTimeout read timeout of calls to Stripe
 */
@Validated
@ConfigurationProperties("aggregator.billing.top-ups")
record TopUpProperties(
        String stripeSecretKey,
        String stripeWebhookSecret,
        @NotBlank @DefaultValue("https://api.stripe.com") String stripeApiBase,
        @NotBlank @DefaultValue("http://127.0.0.1:3000") String publicUrl,
        @NotNull @DefaultValue("5m") Duration webhookTolerance,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout) {

    boolean checkoutConfigured() {
        return stripeSecretKey != null && !stripeSecretKey.isBlank();
    }

    boolean webhooksConfigured() {
        return stripeWebhookSecret != null && !stripeWebhookSecret.isBlank();
    }

    /** The public URL without a trailing slash, so paths can be appended. */
    String publicBase() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public String toString() {
        return "TopUpProperties[stripeSecretKey=" + (checkoutConfigured() ? "(set)" : "(unset)")
                + ", stripeWebhookSecret=" + (webhooksConfigured() ? "(set)" : "(unset)")
                + ", stripeApiBase=" + stripeApiBase + ", publicUrl=" + publicUrl
                + ", webhookTolerance=" + webhookTolerance + "]";
    }
}
