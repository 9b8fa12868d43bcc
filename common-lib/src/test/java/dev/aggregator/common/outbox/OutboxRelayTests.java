package dev.aggregator.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.tracing.TraceContexts;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The outbox against the real PostgreSQL and RabbitMQ: committed events reach the broker once. */
class OutboxRelayTests {

    private static final String SCHEMA = "common_it";
    private static final String EXCHANGE = "it.common-lib";

    private static CachingConnectionFactory rabbitConnections;
    private static RabbitTemplate rabbit;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static DataSourceTransactionManager transactionManager;
    private static String queue;

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @BeforeAll
    static void connect() throws Exception {
        var dataSource = MigratedSchema.create(SCHEMA);
        jdbc = JdbcClient.create(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(transactionManager);

        rabbitConnections = new CachingConnectionFactory("127.0.0.1");
        rabbitConnections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        rabbit = new RabbitTemplate(rabbitConnections);
    }

    /**
     * A queue per test, exclusive but not auto-delete: an auto-delete queue disappears with the first
     * receive's consumer, and with its binding the auto-delete exchange, so a second receive (or the
     * next test's publish) would find neither. It goes with the connection.
     */
    @BeforeEach
    void declareQueue() {
        var rabbitAdmin = new RabbitAdmin(rabbitConnections);
        var exchange = new TopicExchange(EXCHANGE, false, true);
        var anonymous = new Queue("it.common-lib." + UUID.randomUUID(), false, true, false);
        rabbitAdmin.declareExchange(exchange);
        queue = rabbitAdmin.declareQueue(anonymous);
        rabbitAdmin.declareBinding(BindingBuilder.bind(anonymous).to(exchange).with(CompanyRegistered.TYPE));
    }

    @AfterAll
    static void disconnect() {
        rabbitConnections.destroy();
    }

    @Test
    void publishesACommittedEventOnceAndDeletesItsRow() {
        var event = CompanyRegistered.of(UUID.randomUUID(), "Acme", "ACME2026", null);
        transactions.executeWithoutResult(status -> writer().append(event));

        var relay = relay();
        assertThat(relay.publishBatch()).isEqualTo(1);
        assertThat(relay.publishBatch()).isZero();

        var message = rabbit.receive(queue, Duration.ofSeconds(5).toMillis());
        assertThat(message).isNotNull();
        assertThat(message.getMessageProperties().getMessageId())
                .isEqualTo(event.eventId().toString());
        assertThat(message.getMessageProperties().getType()).isEqualTo(CompanyRegistered.TYPE);
        var received = json.readValue(message.getBody(), CompanyRegistered.class);
        assertThat(received).isEqualTo(event);
        var envelope = json.readTree(message.getBody());
        assertThat(envelope.get("event_id").asString())
                .isEqualTo(event.eventId().toString());
        assertThat(envelope.get("type").asString()).isEqualTo(CompanyRegistered.TYPE);
        assertThat(envelope.get("version").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE id = ?")
                        .param(event.eventId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theWritersTraceContextTravelsWithTheEventAndIsAbsentWhileTracingIsOff() {
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var traced = CompanyRegistered.of(UUID.randomUUID(), "Traced", "TRACED", null);
        var untraced = CompanyRegistered.of(UUID.randomUUID(), "Untraced", "UNTRACED", null);
        transactions.executeWithoutResult(status -> {
            new OutboxWriter(jdbc, json, () -> {}, currentContext(traceParent)).append(traced);
            writer().append(untraced);
        });

        assertThat(relay().publishBatch()).isEqualTo(2);

        var headers = new java.util.HashMap<String, Object>();
        for (int i = 0; i < 2; i++) {
            var message = rabbit.receive(queue, Duration.ofSeconds(5).toMillis());
            assertThat(message).isNotNull();
            headers.put(
                    message.getMessageProperties().getMessageId(),
                    String.valueOf(message.getMessageProperties().getHeaders().get(TraceContexts.TRACEPARENT)));
        }
        assertThat(headers)
                .containsEntry(traced.eventId().toString(), traceParent)
                .containsEntry(untraced.eventId().toString(), "null");
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        var event = CompanyRegistered.of(UUID.randomUUID(), "Rolled Back", "ROLLBACK", null);
        transactions.executeWithoutResult(status -> {
            writer().append(event);
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE id = ?")
                        .param(event.eventId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void refusesToWriteOutsideATransaction() {
        var event = CompanyRegistered.of(UUID.randomUUID(), "No Tx", "NOTX", null);
        // Without Spring's proxy the MANDATORY rule is not enforced, so check the contract through one.
        var proxied = (OutboxWriter)
                new org.springframework.aop.framework.ProxyFactory(writer()) {
                    {
                        setProxyTargetClass(true);
                        addAdvice(new org.springframework.transaction.interceptor.TransactionInterceptor(
                                transactionManager,
                                new org.springframework.transaction.annotation.AnnotationTransactionAttributeSource()));
                    }
                }.getProxy();

        assertThatThrownBy(() -> proxied.append(event)).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aConsumerSeesEachEventOnce() {
        var processed = new ProcessedEvents(jdbc);
        var eventId = UUID.randomUUID();

        Boolean first = transactions.execute(status -> processed.markProcessed(eventId, "it.consumer"));
        Boolean again = transactions.execute(status -> processed.markProcessed(eventId, "it.consumer"));
        Boolean otherConsumer = transactions.execute(status -> processed.markProcessed(eventId, "it.other"));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(otherConsumer).isTrue();
    }

    /** Tracing as the writer sees it: one current context, nothing else used. */
    private static TraceContexts currentContext(String traceParent) {
        return new TraceContexts() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String current() {
                return traceParent;
            }

            @Override
            public void tag(String key, String value) {}

            @Override
            public void consumed(String name, long startMillis, List<String> parents, String eventType) {}
        };
    }

    private OutboxWriter writer() {
        return new OutboxWriter(jdbc, json, () -> {});
    }

    private static OutboxRelay relay() {
        return new OutboxRelay(
                jdbc,
                rabbit,
                transactions,
                new EventsProperties(EXCHANGE),
                new OutboxProperties(Duration.ofMillis(100), 200, Duration.ofSeconds(5)));
    }
}
