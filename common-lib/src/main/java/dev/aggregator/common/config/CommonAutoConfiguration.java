package dev.aggregator.common.config;

import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.identity.InternalAuthProperties;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.identity.ServiceTokens;
import dev.aggregator.common.web.Cursors;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;

/** Identity tokens, cursors and JSON rules every service shares, servlet or reactive. */
@AutoConfiguration
@EnableConfigurationProperties({InternalAuthProperties.class, EventsProperties.class})
public class CommonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InternalTokens internalTokens(InternalAuthProperties properties, Clock clock) {
        return new InternalTokens(properties, clock);
    }

    @Bean
    ServiceTokens serviceTokens(InternalTokens tokens, @Value("${spring.application.name}") String name, Clock clock) {
        return new ServiceTokens(tokens, name, clock);
    }

    @Bean
    Cursors cursors(InternalAuthProperties properties) {
        return new Cursors(properties.secret());
    }

    /** Money is written as plain decimals (never 1E-8) and read exactly. */
    @Bean
    JsonMapperBuilderCustomizer aggregatorJsonRules() {
        return builder -> builder.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
