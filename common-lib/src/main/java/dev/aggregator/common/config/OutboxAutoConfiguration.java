package dev.aggregator.common.config;

import dev.aggregator.common.events.DeadLetterMetrics;
import dev.aggregator.common.events.EventBatches;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.outbox.InboxProperties;
import dev.aggregator.common.outbox.InboxPurge;
import dev.aggregator.common.outbox.OutboxMetrics;
import dev.aggregator.common.outbox.OutboxProperties;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.outbox.ProcessedEvents;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.common.tracing.TracingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The transactional outbox, the inbox and its purge, for every service that has a database. */
@AutoConfiguration(
        after = {MessagingAutoConfiguration.class, TracingAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration"
        })
@ConditionalOnClass({JdbcClient.class, RabbitTemplate.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties({OutboxProperties.class, InboxProperties.class})
public class OutboxAutoConfiguration {

    @Bean
    OutboxWriter outboxWriter(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, TraceContexts traces) {
        return new OutboxWriter(jdbc, json, relay::wake, traces);
    }

    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    @Bean
    InboxPurge inboxPurge(ProcessedEvents processedEvents, InboxProperties properties) {
        return new InboxPurge(processedEvents, properties);
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventsProperties events,
            OutboxProperties properties,
            TraceContexts traces) {
        return new OutboxRelay(jdbc, rabbit, transactions, events, properties, traces);
    }

    @Bean
    EventBatches eventBatches(
            JsonMapper json,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventQueues queues,
            EventsProperties events,
            TraceContexts traces) {
        return new EventBatches(json, rabbit, transactions, queues, events, traces);
    }

    /** Outbox lag and dead-letter depths on /actuator/prometheus, where Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {

        @Bean
        OutboxMetrics outboxMetrics(JdbcClient jdbc) {
            return new OutboxMetrics(jdbc);
        }

        @Bean
        DeadLetterMetrics deadLetterMetrics(
                EventQueues queues, ObjectProvider<AmqpAdmin> admin, ObjectProvider<MeterRegistry> registry) {
            return new DeadLetterMetrics(queues, admin::getIfAvailable, registry::getIfAvailable);
        }
    }
}
