package dev.aggregator.proxy.routing;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.events.PreferencesChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drops cached route plans when the catalog or a company's preferences change, on every instance
 * (each has its own queue). The relay sends the event type as the AMQP {@code type} property and
 * no Java type header, so the payload is converted here, by type.
 */
@Component
class RoutePlanEvictions {

    private static final Logger log = LoggerFactory.getLogger(RoutePlanEvictions.class);

    private final RoutePlans routePlans;
    private final JsonMapper json;

    RoutePlanEvictions(RoutePlans routePlans, JsonMapper json) {
        this.routePlans = routePlans;
        this.json = json;
    }

    @RabbitListener(queues = "#{routePlanEventsQueue.name}")
    void onEvent(Message message) {
        String type = message.getMessageProperties().getType();
        switch (type == null ? "" : type) {
            case CatalogChanged.TYPE -> {
                var event = json.readValue(message.getBody(), CatalogChanged.class);
                if (event.model() == null) routePlans.evictAll();
                else routePlans.evictModel(event.model());
            }
            case PreferencesChanged.TYPE -> {
                var event = json.readValue(message.getBody(), PreferencesChanged.class);
                routePlans.evictCompany(event.companyId(), event.model());
            }
            default -> log.debug("Ignoring event of type {}", type);
        }
    }
}
