package dev.aggregator.common.config;

import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import org.springframework.amqp.core.TopicExchange;
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
}
