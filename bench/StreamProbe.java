import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streamed chat completions measured the way a user feels them, which wrk cannot: time to the
 * first content chunk, the gaps between chunks, and many long streams held open at once.
 * Run with JDK 25's source launcher (no build step):
 *
 * <pre>
 *   java bench/StreamProbe.java ttft URL KEY MODEL REQUESTS
 *   java bench/StreamProbe.java concurrent URL KEY MODEL STREAMS
 * </pre>
 *
 * KEY may be "-" for the mock-provider called directly. Prints one {@code RESULT} line.
 */
public class StreamProbe {

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: StreamProbe ttft|concurrent URL KEY MODEL COUNT");
            System.exit(2);
        }
        String mode = args[0], url = args[1], key = args[2], model = args[3];
        int count = Integer.parseInt(args[4]);
        switch (mode) {
            case "ttft" -> ttft(url, key, model, count);
            case "concurrent" -> concurrent(url, key, model, count);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    /** One stream's timings in nanoseconds; gaps are between consecutive content chunks. */
    record Timing(long firstContentNanos, List<Long> gapsNanos, boolean done) {}

    static HttpRequest request(String url, String key, String model, int maxTokens, String prompt) {
        String body = """
                {"model":"%s","max_tokens":%d,"stream":true,"stream_options":{"include_usage":true},\
                "messages":[{"role":"user","content":"%s"}]}""".formatted(model, maxTokens, prompt);
        var builder = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!"-".equals(key)) builder.header("Authorization", "Bearer " + key);
        return builder.build();
    }

    static Timing stream(HttpClient client, HttpRequest request) throws Exception {
        long started = System.nanoTime();
        var response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("status " + response.statusCode());
        }
        long first = -1, previous = -1;
        var gaps = new ArrayList<Long>();
        boolean done = false;
        try (var lines = response.body()) {
            for (var iterator = lines.iterator(); iterator.hasNext(); ) {
                String line = iterator.next();
                if (!line.startsWith("data: ")) continue;
                if (line.equals("data: [DONE]")) {
                    done = true;
                    break;
                }
                if (!line.contains("\"content\":\"")) continue;
                long now = System.nanoTime();
                if (first < 0) first = now - started;
                else gaps.add(now - previous);
                previous = now;
            }
        }
        return new Timing(first, gaps, done);
    }

    static void ttft(String url, String key, String model, int requests) throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var request = request(url, key, model, 8, "Benchmark: say something short.");
        for (int i = 0; i < Math.min(50, requests); i++) stream(client, request); // warm the path
        var firsts = new ArrayList<Long>();
        var gaps = new ArrayList<Long>();
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            try {
                Timing timing = stream(client, request);
                if (!timing.done() || timing.firstContentNanos() < 0) failed++;
                else firsts.add(timing.firstContentNanos());
                gaps.addAll(timing.gapsNanos());
            } catch (Exception e) {
                failed++;
            }
        }
        System.out.printf(
                "RESULT ttft_p50_ms=%.2f ttft_p99_ms=%.2f gap_p50_ms=%.2f gap_p99_ms=%.2f ok=%d failed=%d%n",
                percentile(firsts, 50), percentile(firsts, 99), percentile(gaps, 50), percentile(gaps, 99),
                firsts.size(), failed);
    }

    static void concurrent(String url, String key, String model, int streams) throws Exception {
        var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        // 20 one-letter words echoed back: with max_tokens 20 a stream sends 20 content chunks.
        var request = request(url, key, model, 20, "a b c d e f g h i j k l m n o p q r s t");
        var completed = new AtomicInteger();
        var failures = Collections.synchronizedList(new ArrayList<String>());
        var longest = new AtomicLong();
        var ready = new CountDownLatch(streams);
        long started = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                threads.submit(() -> {
                    ready.countDown();
                    long begin = System.nanoTime();
                    try {
                        Timing timing = stream(client, request);
                        if (timing.done()) completed.incrementAndGet();
                        else failures.add("ended without [DONE]");
                    } catch (Exception e) {
                        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    longest.accumulateAndGet(System.nanoTime() - begin, Math::max);
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "RESULT streams=%d completed=%d failed=%d wall_s=%.1f longest_s=%.1f%n",
                streams, completed.get(), failures.size(), seconds, longest.get() / 1e9);
        failures.stream().distinct().limit(5).forEach(f -> System.out.println("  failure: " + f));
    }

    static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) return Double.NaN;
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
