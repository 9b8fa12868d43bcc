package dev.aggregator.common.events;

import dev.aggregator.common.tracing.TraceContexts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes a batch of events in one transaction, so a busy consumer pays one commit and one ack
 * per batch instead of one per event (use with the {@code eventBatchListenerFactory} container).
 *
 * <p>A message holds one event, or a JSON array of events that a producer published together (the
 * proxy publishes each group commit of usage events as one message, so a busy broker moves one
 * message per commit instead of one per request).
 *
 * <p>A batch that fails is split: each event is applied alone, an event its handler refuses
 * ({@link AmqpRejectAndDontRequeueException}, or one that cannot be read) goes to the consumer's
 * dead-letter queue, and the rest commit. When no event of the batch can be applied (the database
 * is away), the whole batch is requeued after a pause instead, so an outage never dead-letters
 * good events. Handlers must therefore be idempotent: an event applied alone before a requeue is
 * delivered again.
 */
public class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);
    private static final long PAUSE_BEFORE_REQUEUE_MS = 1_000;

    private final JsonMapper json;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transactions;
    private final EventQueues queues;
    private final EventsProperties events;
    private final TraceContexts traces;

    public EventBatches(
            JsonMapper json,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventQueues queues,
            EventsProperties events) {
        this(json, rabbit, transactions, queues, events, TraceContexts.NONE);
    }

    /** @param traces records a consumer span under each trace context the batch's messages carry */
    public EventBatches(
            JsonMapper json,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventQueues queues,
            EventsProperties events,
            TraceContexts traces) {
        this.json = json;
        this.rabbit = rabbit;
        this.transactions = transactions;
        this.queues = queues;
        this.events = events;
        this.traces = traces;
    }

    /**
     * @param consumer the consumer name its durable queue was declared with
     * @param apply applies a list of events inside the transaction this method opens
     */
    public <T> void consume(String consumer, List<Message> messages, Class<T> type, Consumer<List<T>> apply) {
        long start = System.currentTimeMillis();
        // Only while tracing is on: the context each event's request left in its message.
        List<String> parents = traces.enabled() ? new ArrayList<>(messages.size()) : null;
        var readable = new ArrayList<T>(messages.size());
        // The message an event came in, or null for a member of an array (dead-lettered alone).
        var sources = new ArrayList<Message>(messages.size());
        var arrayOf = json.getTypeFactory().constructCollectionType(List.class, type);
        for (Message message : messages) {
            try {
                if (isArray(message.getBody())) {
                    List<T> events = json.readValue(message.getBody(), arrayOf);
                    for (T event : events) {
                        readable.add(event);
                        sources.add(null);
                    }
                    if (parents != null) parents.addAll(arrayContexts(message, events.size()));
                } else {
                    readable.add(json.readValue(message.getBody(), type));
                    sources.add(message);
                    if (parents != null) parents.add(header(message, TraceContexts.TRACEPARENT));
                }
            } catch (RuntimeException e) {
                deadLetter(consumer, message, "it cannot be read as " + type.getSimpleName());
            }
        }
        if (readable.isEmpty()) return;
        try {
            transactions.executeWithoutResult(status -> apply.accept(readable));
            if (parents != null) traces.consumed(consumer + " process", start, parents, type.getSimpleName());
            return;
        } catch (RuntimeException batchFailure) {
            log.warn(
                    "A batch of {} {} events failed, applying them one by one: {}",
                    readable.size(),
                    consumer,
                    batchFailure.getMessage());
        }
        int applied = 0;
        int refused = 0;
        RuntimeException lastFailure = null;
        for (int i = 0; i < readable.size(); i++) {
            T event = readable.get(i);
            try {
                transactions.executeWithoutResult(status -> apply.accept(List.of(event)));
                applied++;
            } catch (AmqpRejectAndDontRequeueException e) {
                var source = sources.get(i);
                deadLetter(consumer, source != null ? source : alone(event), e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                lastFailure = e;
            }
        }
        if (lastFailure != null) {
            // Failed for no stated reason (the database is away, or some events hit a bug): requeue
            // the batch; the events applied alone are idempotent, and a failure that persists
            // reaches a human through the logs.
            pause();
            throw new IllegalStateException(
                    "%d of %d %s events failed; requeued"
                            .formatted(readable.size() - applied - refused, readable.size(), consumer),
                    lastFailure);
        }
    }

    private static String header(Message message, String name) {
        return message.getMessageProperties().getHeader(name) instanceof String value ? value : null;
    }

    /** The contexts of an array message's events, in order (one context for all when it has one). */
    private static List<String> arrayContexts(Message message, int size) {
        String each = header(message, TraceContexts.TRACEPARENTS);
        if (each != null) {
            var contexts = new ArrayList<>(Arrays.asList(each.split(" ")));
            while (contexts.size() < size) contexts.add(null);
            return contexts.subList(0, size);
        }
        String[] all = new String[size];
        Arrays.fill(all, header(message, TraceContexts.TRACEPARENT));
        return Arrays.asList(all);
    }

    private static boolean isArray(byte[] body) {
        for (byte b : body) {
            if (b == '[') return true;
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return false;
    }

    /** A member of an array message as a message of its own, to dead-letter it without the others. */
    private Message alone(Object event) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return new Message(json.writeValueAsBytes(event), properties);
    }

    private void deadLetter(String consumer, Message message, String reason) {
        log.error(
                "Dead-lettering a {} event ({}): {}",
                consumer,
                message.getMessageProperties().getMessageId(),
                reason);
        rabbit.send(events.deadLetterExchange(), queues.durableName(consumer), message);
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_BEFORE_REQUEUE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
