package dev.aggregator.billing.topups;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the Stripe settings; the feature's beans read them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopUpProperties.class)
class TopUpConfiguration {}
