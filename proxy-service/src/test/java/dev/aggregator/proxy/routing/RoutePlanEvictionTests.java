package dev.aggregator.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.events.DomainEvent;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.PreferencesChanged;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Cached route plans go away when the orchestrator's change events arrive over RabbitMQ. */
@ProxyServiceTest
class RoutePlanEvictionTests {

    @Autowired
    RoutePlans plans;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    JsonMapper json;

    private final UUID company = UUID.randomUUID();
    private final UUID otherCompany = UUID.randomUUID();
    private final String model = "model-" + UUID.randomUUID();
    private final String otherModel = "model-" + UUID.randomUUID();

    @Test
    void preferencesChangedEvictsOnlyThatCompanysPlanForThatModel() {
        seedAll();
        publish(PreferencesChanged.of(company, model));
        awaitEvicted(company, model);
        assertThat(RoutePlanSeeds.isCached(plans, company, otherModel)).isTrue();
        assertThat(RoutePlanSeeds.isCached(plans, otherCompany, model)).isTrue();
    }

    @Test
    void catalogChangedForAModelEvictsItForEveryCompany() {
        seedAll();
        publish(CatalogChanged.of(model));
        awaitEvicted(company, model);
        awaitEvicted(otherCompany, model);
        assertThat(RoutePlanSeeds.isCached(plans, company, otherModel)).isTrue();
    }

    @Test
    void catalogChangedWithoutAModelEvictsEverything() {
        seedAll();
        publish(CatalogChanged.of(null));
        awaitEvicted(company, model);
        awaitEvicted(company, otherModel);
        awaitEvicted(otherCompany, model);
    }

    private void seedAll() {
        RoutePlanSeeds.seed(plans, company, model, List.of());
        RoutePlanSeeds.seed(plans, company, otherModel, List.of());
        RoutePlanSeeds.seed(plans, otherCompany, model, List.of());
    }

    /** Exactly as common-lib's outbox relay publishes: JSON body, the event type as AMQP type. */
    private void publish(DomainEvent event) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setType(event.type());
        var message = new Message(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8), properties);
        rabbit.send(events.exchange(), event.type(), message);
    }

    private void awaitEvicted(UUID companyId, String modelName) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !RoutePlanSeeds.isCached(plans, companyId, modelName));
    }
}
