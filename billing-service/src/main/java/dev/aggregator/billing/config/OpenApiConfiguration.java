package dev.aggregator.billing.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI description, with the money rules the endpoint docs rely on. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI billingOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Billing service").version("v1").description("""
                                Money is USD as exact JSON numbers with at most 8 decimal places (more is a 400).
                                Every balance change is one signed, immutable ledger entry: the sum of a company's
                                entries is its balance. available = balance - reserved, where reserved is what the
                                budget leases of proxy instances hold for requests. A request's cost is charged in
                                full when it settles, even if it exceeds what its lease held, so a balance may end
                                slightly below zero (as may a Stripe refund of a top-up already spent); new leases are then refused until it is topped up. Referral commissions are the
                                only amounts billing rounds: once, half-even, to 8 places."""));
    }
}
