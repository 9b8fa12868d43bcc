package dev.aggregator.proxy.config;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.PreferencesChanged;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This instance's own queue for the events that make a cached route plan stale. */
@Configuration(proxyBeanMethods = false)
class RoutePlanEventsConfig {

    @Bean
    Queue routePlanEventsQueue() {
        return EventQueues.instanceQueue("proxy-service");
    }

    @Bean
    Declarables routePlanEventsBindings(EventQueues eventQueues, Queue routePlanEventsQueue) {
        return eventQueues.broadcast(routePlanEventsQueue, CatalogChanged.TYPE, PreferencesChanged.TYPE);
    }
}
