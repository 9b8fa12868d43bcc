package dev.aggregator.common.deadletters;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.aggregator.common.events.EventQueues;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The dead-letter queues of a service's durable consumers ({@link EventQueues#durable}), and their
 * replay: messages are moved back to the consumer's own queue (never republished to the exchange,
 * so no other consumer sees them twice), each batch published with confirms before it is
 * acknowledged on the dead-letter queue. A crash in between leaves a message in both queues; the
 * consumers dedupe by event (the inbox's event id, usage by usage id), so a replay, a repeated
 * replay or a replay of a duplicate changes nothing twice.
 *
 * <p>A replay takes at most the messages that were in the dead-letter queue when it began, so an
 * event its consumer still refuses goes back to the dead-letter queue without looping.
 */
public class DeadLetters {

    /** A consumer's dead-letter queue and how many messages wait in it. */
    public record DeadLetterQueue(String consumer, String queue, String deadLetterQueue, long messages) {}

    /** What a replay moved back to the consumer's queue. */
    public record Replay(String consumer, int replayed) {}

    /** Header counting how often a message was replayed, for whoever inspects it later. */
    public static final String REPLAYED_HEADER = "x-aggregator-replayed";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int BATCH = 100;

    private final RabbitTemplate rabbit;
    private final EventQueues queues;
    private final Duration confirmTimeout;

    public DeadLetters(RabbitTemplate rabbit, EventQueues queues, Duration confirmTimeout) {
        this.rabbit = rabbit;
        this.queues = queues;
        this.confirmTimeout = confirmTimeout;
    }

    /** Every durable consumer of this service with the depth of its dead-letter queue. */
    public List<DeadLetterQueue> list() {
        return queues.durableConsumers().stream().map(this::depth).toList();
    }

    /** The dead-letter queue of one consumer of this service, or empty when it has none. */
    public Optional<DeadLetterQueue> find(String consumer) {
        return queues.durableConsumers().contains(consumer) ? Optional.of(depth(consumer)) : Optional.empty();
    }

    /**
     * Moves up to {@code limit} dead-lettered messages of {@code consumer} back to its queue.
     *
     * @throws IllegalArgumentException when this service has no such consumer
     */
    public Replay replay(String consumer, int limit) {
        if (!queues.durableConsumers().contains(consumer)) {
            throw new IllegalArgumentException("no durable consumer " + consumer);
        }
        String queue = queues.durableName(consumer);
        String deadLetterQueue = queues.deadLetterName(consumer);
        Integer replayed = rabbit.execute(channel -> {
            channel.confirmSelect();
            long waiting = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
            int moved = 0;
            while (moved < Math.min(waiting, limit)) {
                int batch = (int) Math.min(BATCH, Math.min(waiting, limit) - moved);
                int got = moveBatch(channel, deadLetterQueue, queue, batch);
                if (got == 0) break;
                moved += got;
            }
            return moved;
        });
        int count = replayed == null ? 0 : replayed;
        log.info("Replayed {} dead-lettered {} events to {}", count, consumer, queue);
        return new Replay(consumer, count);
    }

    /** Gets up to {@code max} messages, publishes them to the queue, waits for the confirms, acks them. */
    private int moveBatch(Channel channel, String from, String to, int max) throws IOException {
        long lastTag = -1;
        int got = 0;
        try {
            for (; got < max; got++) {
                GetResponse message = channel.basicGet(from, false);
                if (message == null) break;
                lastTag = message.getEnvelope().getDeliveryTag();
                channel.basicPublish("", to, false, replayed(message.getProps()), message.getBody());
            }
            if (got == 0) return 0;
            channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
            channel.basicAck(lastTag, true);
            return got;
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            // Not confirmed: the messages stay dead-lettered (the consumer absorbs any that did arrive).
            if (lastTag >= 0 && channel.isOpen()) channel.basicNack(lastTag, true, true);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("Replaying dead-lettered messages from " + from + " failed", e);
        }
    }

    private static AMQP.BasicProperties replayed(AMQP.BasicProperties properties) {
        var headers = properties.getHeaders() == null
                ? new HashMap<String, Object>()
                : new HashMap<>(properties.getHeaders());
        var previous = headers.get(REPLAYED_HEADER);
        headers.put(REPLAYED_HEADER, previous instanceof Number n ? n.intValue() + 1 : 1);
        return properties.builder().headers(headers).deliveryMode(2).build();
    }

    private DeadLetterQueue depth(String consumer) {
        String deadLetterQueue = queues.deadLetterName(consumer);
        Long messages = rabbit.execute(
                channel -> (long) channel.queueDeclarePassive(deadLetterQueue).getMessageCount());
        return new DeadLetterQueue(
                consumer, queues.durableName(consumer), deadLetterQueue, messages == null ? 0 : messages);
    }
}
