package dev.aggregator.common.config;

import dev.aggregator.common.events.EventBatches;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.outbox.InboxProperties;
import dev.aggregator.common.outbox.InboxPurge;
import dev.aggregator.common.outbox.OutboxProperties;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.outbox.ProcessedEvents;
import javax.sql.DataSource;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The transactional outbox, the inbox and its purge, for every service that has a database. */
@AutoConfiguration(
        after = MessagingAutoConfiguration.class,
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
    OutboxWriter outboxWriter(JdbcClient jdbc, JsonMapper json, OutboxRelay relay) {
        return new OutboxWriter(jdbc, json, relay::wake);
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
            OutboxProperties properties) {
        return new OutboxRelay(jdbc, rabbit, transactions, events, properties);
    }

    @Bean
    EventBatches eventBatches(
            JsonMapper json,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventQueues queues,
            EventsProperties events) {
        return new EventBatches(json, rabbit, transactions, queues, events);
    }
}
