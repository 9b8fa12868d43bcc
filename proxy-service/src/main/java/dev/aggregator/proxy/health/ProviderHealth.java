package dev.aggregator.proxy.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * Provider health shared by every proxy instance through Redis, kept off the hot path: a call's
 * outcome is added to an in-memory tally ({@link #succeeded}, {@link #failed}), which a background
 * thread writes to Redis every {@code flush-interval} in one pipeline; what a request reads is this
 * instance's snapshot, refreshed every {@code refresh-interval}. Only a provider whose cool-down
 * has passed costs a request one Redis call: the race for its probe.
 *
 * <p>State in Redis, per provider ({@code aggregator:health:<id>:…}): {@code w:<slice>} hashes of
 * 10-second slices of the window (calls, failures, a latency histogram, tokens and generation
 * time; they expire with the window); {@code streak}, the consecutive failures seen by all
 * instances; {@code down} (set when the streak reaches {@code failures-to-mark-down}, removed by a
 * success), {@code cool} (the cool-down, no probe while it lives) and {@code probe} (the one
 * instance allowed to send the probe); and {@code summary}, the figures published for
 * {@code GET /v1/models/{model}/endpoints} (status, latency_p50_ms, throughput_tokens_per_s,
 * updated_at). Pool keys a provider answered 401/403/429 rest for every instance too
 * ({@code aggregator:keyrest:<key id>}, expiring with the rest; the orchestrator shows them as
 * {@code resting}).
 *
 * <p>Tracking can be switched off at run time ({@link #track}, through {@link
 * HealthTrackingEndpoint}): every method then answers "unknown, call it" and records nothing, and
 * the background thread leaves Redis alone. That is routing as it was before shared health; it
 * exists so that {@code bench/health-cost.sh} can measure what tracking costs in one running proxy.
 */
@Component
public class ProviderHealth implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProviderHealth.class);
    private static final String PREFIX = "aggregator:health:";
    private static final String KEY_REST = "aggregator:keyrest:";
    private static final int SLICES = 30;

    /** What the router does with a provider now. */
    public enum Verdict {
        CALL,
        /** Down, cool-down over, and this request won the probe. */
        PROBE,
        SKIP
    }

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final HealthProperties properties;
    private final long sliceMillis;
    private final Map<UUID, Tally> pending = new ConcurrentHashMap<>();
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();
    private volatile Map<UUID, ProviderStatus> snapshot = Map.of();
    /** Key rests to write: key id → rest in ms. */
    private final Map<UUID, Long> keyRests = new ConcurrentHashMap<>();

    private final Set<UUID> knownKeys = ConcurrentHashMap.newKeySet();
    /** Keys resting for every instance: key id → until (epoch ms). */
    private volatile Map<UUID, Long> restedKeys = Map.of();

    private final ScheduledExecutorService background;
    private volatile boolean tracking = true;
    private volatile long lastFigures;
    private volatile boolean redisWarned;

    public ProviderHealth(StringRedisTemplate redis, HealthProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
        this.properties = properties;
        this.sliceMillis = Math.max(1000, properties.window().toMillis() / SLICES);
        this.background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("provider-health").daemon(true).factory());
        background.scheduleWithFixedDelay(
                this::flushQuietly,
                properties.flushInterval().toMillis(),
                properties.flushInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(
                this::refreshQuietly,
                properties.refreshInterval().toMillis(),
                properties.refreshInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Switches tracking on or off for this instance (see the class comment). */
    public void track(boolean on) {
        tracking = on;
        if (on) return;
        pending.clear();
        keyRests.clear();
        snapshot = Map.of();
        restedKeys = Map.of();
    }

    public boolean tracking() {
        return tracking;
    }

    /** The provider as this instance last saw it; starts following it. */
    public ProviderStatus status(UUID providerId) {
        if (!tracking) return ProviderStatus.UNKNOWN;
        if (known.add(providerId)) gauge(providerId);
        return snapshot.getOrDefault(providerId, ProviderStatus.UNKNOWN);
    }

    /** The snapshot in metrics, per provider this instance follows. */
    private void gauge(UUID providerId) {
        var tags = Tags.of("provider_id", providerId.toString());
        Gauge.builder(
                        "aggregator.provider.down",
                        this,
                        health -> health.current(providerId).down() ? 1 : 0)
                .description("1 while the provider is marked down for every proxy instance")
                .tags(tags)
                .register(meters);
        Gauge.builder(
                        "aggregator.provider.failure.rate",
                        this,
                        health -> health.current(providerId).failureRate())
                .description("Failed calls / calls over the health window")
                .tags(tags)
                .register(meters);
        Gauge.builder("aggregator.provider.latency.p50", this, health -> {
                    Long p50 = health.current(providerId).latencyP50Ms();
                    return p50 == null ? Double.NaN : p50;
                })
                .description("Median time to the provider's first byte over the health window")
                .baseUnit("milliseconds")
                .tags(tags)
                .register(meters);
    }

    /** A provider this instance follows was marked down, or came back up, for every instance. */
    private void healthChanged(UUID providerId, boolean down) {
        Counter.builder("aggregator.provider.health.changes")
                .description("Times this instance saw a provider marked down or back up")
                .tags("provider_id", providerId.toString(), "state", down ? "down" : "up")
                .register(meters)
                .increment();
    }

    private ProviderStatus current(UUID providerId) {
        return snapshot.getOrDefault(providerId, ProviderStatus.UNKNOWN);
    }

    public String label(ProviderStatus status) {
        return status.label(properties.degradedFailureRate());
    }

    /** Whether to call the provider: skipped while down, one probe let through after each cool-down. */
    public Verdict verdict(UUID providerId) {
        if (!tracking) return Verdict.CALL;
        var status = status(providerId);
        if (!status.down()) return Verdict.CALL;
        if (status.coolingDown()) return Verdict.SKIP;
        try {
            Boolean won = redis.opsForValue().setIfAbsent(key(providerId, "probe"), "1", properties.probeTimeout());
            return Boolean.TRUE.equals(won) ? Verdict.PROBE : Verdict.SKIP;
        } catch (RuntimeException e) {
            warnOnce(e);
            return Verdict.CALL; // without the shared state, every instance decides for itself
        }
    }

    /** A call the provider answered; {@code latencyNanos} to its first byte. */
    public void succeeded(UUID providerId, long latencyNanos) {
        if (!tracking) return;
        pending.compute(providerId, (id, tally) -> (tally == null ? new Tally() : tally).success(latencyNanos));
    }

    /** A 5xx, timeout, connect error or unusable answer: the provider's own fault. */
    public void failed(UUID providerId) {
        if (!tracking) return;
        pending.compute(providerId, (id, tally) -> (tally == null ? new Tally() : tally).failure());
    }

    /** Completion tokens generated in {@code nanos}, for the throughput figure. */
    public void generated(UUID providerId, long completionTokens, long nanos) {
        if (!tracking || completionTokens <= 0 || nanos <= 0) return;
        pending.compute(
                providerId, (id, tally) -> (tally == null ? new Tally() : tally).generated(completionTokens, nanos));
    }

    /**
     * Rests a pool key for every instance ({@code aggregator:keyrest:<key id>}, expiring with the
     * rest), written with the next flush.
     */
    public void restKey(UUID keyId, Duration rest) {
        if (!tracking) return;
        knownKeys.add(keyId);
        keyRests.merge(keyId, rest.toMillis(), Math::max);
    }

    /** Until when (epoch ms) a pool key rests for every instance, 0 when it does not; starts following it. */
    public long keyRestedUntil(UUID keyId) {
        if (!tracking) return 0;
        knownKeys.add(keyId);
        return restedKeys.getOrDefault(keyId, 0L);
    }

    /**
     * Writes the tallies gathered since the last flush; also called by tests to skip the wait.
     * Synchronized with {@link #refresh}, as both run on the background thread and in tests: a
     * refresh that read Redis earlier must not overwrite the snapshot of one that read it later.
     */
    public synchronized void flush() {
        flushKeyRests();
        if (pending.isEmpty()) return;
        var batch = new HashMap<UUID, Tally>();
        for (UUID id : List.copyOf(pending.keySet())) {
            Tally tally = pending.remove(id);
            if (tally != null) batch.put(id, tally);
        }
        if (batch.isEmpty()) return;
        long slice = System.currentTimeMillis() / sliceMillis * sliceMillis;
        long sliceTtl = properties.window().toMillis() + sliceMillis;
        var streakAt = new HashMap<UUID, Integer>();
        var ids = new ArrayList<>(batch.keySet());
        List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            int index = 0;
            for (UUID id : ids) {
                Tally t = batch.get(id);
                String w = key(id, "w:" + slice);
                c.hIncrBy(w, "ok", t.ok);
                c.hIncrBy(w, "fail", t.fail);
                for (int i = 0; i < t.latency.length; i++) {
                    if (t.latency[i] > 0) {
                        c.hIncrBy(w, "lat" + i, t.latency[i]);
                        index++;
                    }
                }
                if (t.tokens > 0) {
                    c.hIncrBy(w, "tok", t.tokens);
                    c.hIncrBy(w, "gen_ms", Math.max(1, t.generationNanos / 1_000_000));
                    index += 2;
                }
                c.pExpire(w, sliceTtl);
                index += 3;
                if (t.trailingFailures > 0) {
                    streakAt.put(id, index);
                    c.incrBy(key(id, "streak"), t.trailingFailures);
                    c.pExpire(key(id, "streak"), properties.window().toMillis());
                    index += 2;
                } else {
                    // the last outcome was a success: the provider is back for everyone
                    c.del(key(id, "streak"), key(id, "down"), key(id, "cool"), key(id, "probe"));
                    index++;
                }
            }
            return null;
        });
        var markDown = new ArrayList<UUID>();
        streakAt.forEach((id, at) -> {
            if (results.get(at) instanceof Long streak && streak >= properties.failuresToMarkDown()) markDown.add(id);
        });
        if (markDown.isEmpty()) return;
        redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            for (UUID id : markDown) {
                c.set(key(id, "down"), "1", Expiration.from(properties.window()), SetOption.upsert());
                c.set(key(id, "cool"), "1", Expiration.from(properties.coolDown()), SetOption.upsert());
                c.del(key(id, "probe"));
            }
            return null;
        });
        markDown.forEach(id -> log.warn("Provider {} marked down after repeated failures", id));
        refresh();
    }

    private void flushKeyRests() {
        if (keyRests.isEmpty()) return;
        var batch = new HashMap<UUID, Long>();
        for (UUID id : List.copyOf(keyRests.keySet())) {
            Long millis = keyRests.remove(id);
            if (millis != null && millis > 0) batch.put(id, millis);
        }
        redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            batch.forEach(
                    (id, millis) -> c.set(KEY_REST + id, "1", Expiration.milliseconds(millis), SetOption.upsert()));
            return null;
        });
    }

    private void refreshKeyRests() {
        var ids = List.copyOf(knownKeys);
        if (ids.isEmpty()) return;
        long now = System.currentTimeMillis();
        List<Object> ttls = redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            ids.forEach(id -> c.pTtl(KEY_REST + id));
            return null;
        });
        var next = new HashMap<UUID, Long>();
        for (int i = 0; i < ids.size(); i++) {
            if (ttls.get(i) instanceof Long ttl && ttl > 0) next.put(ids.get(i), now + ttl);
        }
        restedKeys = Map.copyOf(next);
    }

    /** Reads the shared state of the providers this instance follows into its snapshot. */
    public synchronized void refresh() {
        refreshKeyRests();
        var ids = List.copyOf(known);
        if (ids.isEmpty()) return;
        boolean withFigures = System.currentTimeMillis() - lastFigures
                >= properties.figuresInterval().toMillis();
        long now = System.currentTimeMillis();
        long slice = now / sliceMillis * sliceMillis;
        List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            for (UUID id : ids) {
                c.exists(key(id, "down"));
                c.exists(key(id, "cool"));
                if (withFigures) {
                    for (int s = 0; s < SLICES; s++) c.hGetAll(key(id, "w:" + (slice - s * sliceMillis)));
                }
            }
            return null;
        });
        var next = new HashMap<UUID, ProviderStatus>();
        int at = 0;
        for (UUID id : ids) {
            boolean down = Boolean.TRUE.equals(results.get(at++));
            boolean cooling = Boolean.TRUE.equals(results.get(at++));
            var previous = snapshot.getOrDefault(id, ProviderStatus.UNKNOWN);
            if (down != previous.down()) healthChanged(id, down);
            if (withFigures) {
                var figures = Figures.of(results.subList(at, at + SLICES));
                at += SLICES;
                next.put(id, new ProviderStatus(down, cooling, figures.p50, figures.throughput, figures.failureRate));
            } else {
                next.put(
                        id,
                        new ProviderStatus(
                                down,
                                cooling,
                                previous.latencyP50Ms(),
                                previous.throughputTokensPerS(),
                                previous.failureRate()));
            }
        }
        snapshot = Map.copyOf(next);
        if (withFigures) {
            lastFigures = now;
            publish(next, now);
        }
    }

    /** The summary {@code GET /v1/models/{model}/endpoints} reads (through the orchestrator). */
    private void publish(Map<UUID, ProviderStatus> statuses, long now) {
        redis.executePipelined((RedisCallback<Object>) connection -> {
            var c = new DefaultStringRedisConnection(connection);
            statuses.forEach((id, status) -> {
                String summary = key(id, "summary");
                var fields = new HashMap<String, String>();
                fields.put("status", label(status));
                fields.put("updated_at", Long.toString(now));
                c.hMSet(summary, fields);
                if (status.latencyP50Ms() == null) c.hDel(summary, "latency_p50_ms");
                else c.hSet(summary, "latency_p50_ms", status.latencyP50Ms().toString());
                if (status.throughputTokensPerS() == null) c.hDel(summary, "throughput_tokens_per_s");
                else
                    c.hSet(
                            summary,
                            "throughput_tokens_per_s",
                            String.format(Locale.ROOT, "%.1f", status.throughputTokensPerS()));
                c.pExpire(
                        summary,
                        properties.window().toMillis() + Duration.ofMinutes(1).toMillis());
            });
            return null;
        });
    }

    private void flushQuietly() {
        if (!tracking) return;
        try {
            flush();
            redisWarned = false;
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void refreshQuietly() {
        if (!tracking) return;
        try {
            refresh();
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(RuntimeException e) {
        if (!redisWarned) log.warn("Provider health state unavailable in Redis: {}", e.getMessage());
        redisWarned = true;
    }

    private static String key(UUID providerId, String part) {
        return PREFIX + providerId + ":" + part;
    }

    /** The background work is scheduled by the constructor. */
    @Override
    public void start() {}

    @Override
    public boolean isRunning() {
        return !background.isShutdown();
    }

    /**
     * Stopped after the web server has drained its requests (its phases are far higher) and before
     * Lettuce's connection factory (phase 0) closes the connections the last flush needs.
     */
    @Override
    public int getPhase() {
        return 1;
    }

    /** Ends the background work, waiting for a flush or refresh under way, then writes what is left. */
    @Override
    public void stop() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            // shutting down: the figures are a best effort
        }
    }

    /** Outcomes of one provider since the last flush. Guarded by the map's per-key lock. */
    private static final class Tally {
        long ok;
        long fail;
        long trailingFailures;
        final long[] latency = new long[LatencyBuckets.UPPER_MS.length];
        long tokens;
        long generationNanos;

        Tally success(long latencyNanos) {
            ok++;
            trailingFailures = 0;
            latency[LatencyBuckets.of(latencyNanos / 1_000_000)]++;
            return this;
        }

        Tally failure() {
            fail++;
            trailingFailures++;
            return this;
        }

        Tally generated(long completionTokens, long nanos) {
            tokens += completionTokens;
            generationNanos += nanos;
            return this;
        }
    }

    /** The window's figures, from its slices. */
    private record Figures(Long p50, Double throughput, double failureRate) {

        static Figures of(List<Object> slices) {
            long ok = 0;
            long fail = 0;
            long tokens = 0;
            long genMs = 0;
            long[] latency = new long[LatencyBuckets.UPPER_MS.length];
            for (Object slice : slices) {
                if (!(slice instanceof Map<?, ?> fields)) continue;
                for (var entry : fields.entrySet()) {
                    String field = String.valueOf(entry.getKey());
                    long value = Long.parseLong(String.valueOf(entry.getValue()));
                    switch (field) {
                        case "ok" -> ok += value;
                        case "fail" -> fail += value;
                        case "tok" -> tokens += value;
                        case "gen_ms" -> genMs += value;
                        default -> {
                            if (field.startsWith("lat")) {
                                int i = Integer.parseInt(field.substring(3));
                                if (i >= 0 && i < latency.length) latency[i] += value;
                            }
                        }
                    }
                }
            }
            Double throughput = genMs > 0 ? tokens * 1000.0 / genMs : null;
            double failureRate = ok + fail == 0 ? 0 : (double) fail / (ok + fail);
            return new Figures(LatencyBuckets.median(latency), throughput, failureRate);
        }
    }
}
