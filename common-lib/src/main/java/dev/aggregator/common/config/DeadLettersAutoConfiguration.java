package dev.aggregator.common.config;

import dev.aggregator.common.deadletters.DeadLetterController;
import dev.aggregator.common.deadletters.DeadLetters;
import dev.aggregator.common.events.EventQueues;
import java.time.Duration;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Dead-letter inspection and replay for a service with durable consumers; on only where the
 * service names the path of its admin endpoint ({@code aggregator.dead-letters.path}).
 */
@AutoConfiguration(after = {MessagingAutoConfiguration.class, OutboxAutoConfiguration.class})
@ConditionalOnClass(RabbitTemplate.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("aggregator.dead-letters.path")
public class DeadLettersAutoConfiguration {

    @Bean
    DeadLetters deadLetters(RabbitTemplate rabbit, EventQueues queues) {
        return new DeadLetters(rabbit, queues, Duration.ofSeconds(10));
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetters deadLetters) {
        return new DeadLetterController(deadLetters);
    }
}
