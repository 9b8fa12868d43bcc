package dev.aggregator.common.config;

import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Events travel as JSON written by the service's own mapper (snake_case, plain decimals). */
@AutoConfiguration(
        after = CommonAutoConfiguration.class,
        beforeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(RabbitTemplate.class)
public class MessagingAutoConfiguration {

    @Bean
    MessageConverter eventMessageConverter(JsonMapper jsonMapper) {
        return new JacksonJsonMessageConverter(jsonMapper);
    }

    @Bean
    TopicExchange eventsExchange(EventsProperties properties) {
        return new TopicExchange(properties.exchange());
    }

    @Bean
    EventQueues eventQueues(EventsProperties properties) {
        return new EventQueues(properties);
    }

    /**
     * Listener containers that hand a method up to {@code batchSize} raw messages at once; the
     * batch is acknowledged when the method returns and requeued when it throws (see {@code
     * EventBatches}, which dead-letters single bad events itself). {@code receiveTimeout} bounds
     * how long a partial batch waits for more.
     */
    @Bean
    SimpleRabbitListenerContainerFactory eventBatchListenerFactory(ConnectionFactory connectionFactory) {
        var factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connectionFactory);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(250);
        factory.setPrefetchCount(500);
        factory.setReceiveTimeout(20L);
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        factory.setDefaultRequeueRejected(true);
        return factory;
    }
}
