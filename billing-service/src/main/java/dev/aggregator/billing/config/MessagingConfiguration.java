package dev.aggregator.billing.config;

import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.UsageRecorded;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The durable queues billing consumes; the listeners name them through {@link EventQueues}. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Declarables usageQueue(EventQueues queues) {
        return queues.durable("billing.usage", UsageRecorded.TYPE);
    }

    @Bean
    Declarables companyQueue(EventQueues queues) {
        return queues.durable("billing.company", CompanyRegistered.TYPE);
    }
}
