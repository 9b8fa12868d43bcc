package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.config.ProxyProperties;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provider client itself: which thread does the I/O, and how each wait is bounded, against a
 * raw socket server the test controls byte by byte.
 */
class UpstreamHttpTests {

    private static final ObjectNode CHAT =
            Json.object("{'model': 'm', 'stream': true, 'messages': [{'role': 'user', 'content': 'Hi'}]}");
    private static final String STREAM_HEADERS =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private final ProxyProperties properties = new ProxyProperties(
            URI.create("http://127.0.0.1:1"),
            URI.create("http://127.0.0.1:1"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofMillis(400), // headers, first event
            Duration.ofMillis(200), // silence between events
            Duration.ofSeconds(60),
            4096);
    private final CloseableHttpClient client = UpstreamClient.create(properties);
    private final UpstreamHttp http = new UpstreamHttp(client, Json.MAPPER, properties);
    private final ServerSocket server = serverSocket();

    @AfterEach
    void close() throws IOException {
        server.close();
        client.close();
    }

    @Test
    void theCallingVirtualThreadItselfWaitsOnTheSocket() throws Exception {
        var answering = new CountDownLatch(1);
        var serving = CompletableFuture.runAsync(() -> serve(socket -> {
            readRequest(socket);
            await(answering);
            write(socket, STREAM_HEADERS + chunk("data: {\"id\":\"a\"}\n\n") + "0\r\n\r\n");
        }));
        var caller = new AtomicReference<Thread>();
        var answer = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            caller.set(Thread.currentThread());
            // the test's own waits are longer than this class's short timeouts
            try (var body = Upstreams.http().post(url(), Map.of(), CHAT, true);
                    var reader = new SseReader(body)) {
                answer.complete(reader.next(Duration.ofSeconds(5)).data());
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        StackTraceElement[] waiting = awaitBlockedInSocketRead(caller);
        answering.countDown();
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("{\"id\":\"a\"}");
        serving.get(5, TimeUnit.SECONDS);
        // the request's own thread reads the response: no selector, executor or hand-off
        assertThat(Arrays.stream(waiting).map(StackTraceElement::getClassName))
                .anyMatch(name -> name.equals("sun.nio.ch.NioSocketImpl"))
                .anyMatch(name -> name.equals(UpstreamHttp.class.getName()))
                .noneMatch(name -> name.startsWith("jdk.internal.net.http"));
    }

    @Test
    void callsStartNoPlatformThreads() throws Exception {
        var adapter = new OpenAiWireAdapter(Upstreams.http());
        var mock = Candidates.mock("mock", "mock-gpt");
        var chat = Json.object("{'model': 'm', 'messages': [{'role': 'user', 'content': 'Hi'}]}");
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> adapter.complete(mock, chat, 8)).get(); // connection and classes warmed up
            long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            callers.submit(() -> {
                        for (int i = 0; i < 100; i++) adapter.complete(mock, chat, 8);
                        for (int i = 0; i < 100; i++) {
                            try (var stream = adapter.stream(mock, CHAT, 8)) {
                                while (stream.next() != null) {
                                    // read to the end: the connection goes back to the pool
                                }
                            }
                        }
                        return null;
                    })
                    .get(60, TimeUnit.SECONDS);
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
            // the JDK client started selector and worker threads; a thread per call would be 200
            assertThat(started).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aStreamSilentForLongerThanTheIdleWaitTimesOut() throws Exception {
        var serving = CompletableFuture.runAsync(() -> serve(socket -> {
            readRequest(socket);
            write(socket, STREAM_HEADERS + chunk("data: {\"id\":\"a\"}\n\n"));
            sleep(Duration.ofSeconds(3));
        }));
        try (ChunkStream stream = streamFrom(url())) {
            assertThat(stream.next().path("id").asString()).isEqualTo("a");
            long start = System.nanoTime();
            assertThatThrownBy(stream::next).isInstanceOf(HttpTimeoutException.class);
            // the idle wait (200 ms) bounded the read, not the first-event wait or the server's 3 s
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
        serving.cancel(true);
    }

    @Test
    void headersThatNeverComeAreAProviderTimeout() {
        CompletableFuture.runAsync(() -> serve(socket -> {
            readRequest(socket);
            sleep(Duration.ofSeconds(3));
        }));
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.post(url(), Map.of(), CHAT, false))
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void closingAStreamEarlyDropsTheConnectionInsteadOfReadingItToTheEnd() throws Exception {
        var dropped = new CompletableFuture<Boolean>();
        CompletableFuture.runAsync(() -> serve(socket -> {
            readRequest(socket);
            write(socket, STREAM_HEADERS);
            try {
                for (int i = 0; i < 100; i++) {
                    write(socket, chunk("data: {\"id\":\"" + i + "\"}\n\n"));
                    sleep(Duration.ofMillis(50));
                }
                dropped.complete(false);
            } catch (RuntimeException e) {
                dropped.complete(true); // the client closed its end: writes fail
            }
        }));
        var stream = streamFrom(url());
        assertThat(stream.next()).isNotNull();
        long start = System.nanoTime();
        stream.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(dropped.get(5, TimeUnit.SECONDS)).isTrue();
    }

    private ChunkStream streamFrom(String url) {
        var body = http.post(url, Map.of(), CHAT, true);
        return new OpenAiChunkStream(body, Json.MAPPER, http.firstEventWait(), http.idleWait()).started();
    }

    private String url() {
        return "http://127.0.0.1:%d/v1/chat/completions".formatted(server.getLocalPort());
    }

    private interface Exchange {
        void handle(Socket socket) throws IOException;
    }

    private void serve(Exchange exchange) {
        try (Socket socket = server.accept()) {
            exchange.handle(socket);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Reads the request head and its body, whose length the head must state. */
    private static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("request cut short: " + head);
            head.append((char) b);
        }
        var length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                .matcher(head)
                .results()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
        in.readNBytes(Integer.parseInt(length.group(1)));
    }

    private static void write(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String chunk(String text) {
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        return Integer.toHexString(length) + "\r\n" + text + "\r\n";
    }

    private static StackTraceElement[] awaitBlockedInSocketRead(AtomicReference<Thread> caller) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Thread thread = caller.get();
            if (thread != null) {
                StackTraceElement[] stack = thread.getStackTrace();
                if (Arrays.stream(stack)
                        .anyMatch(frame -> frame.getClassName().equals("sun.nio.ch.NioSocketImpl")
                                && frame.getMethodName().equals("read"))) {
                    return stack;
                }
            }
            sleep(Duration.ofMillis(10));
        }
        Thread thread = caller.get();
        return thread == null ? new StackTraceElement[0] : thread.getStackTrace();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerSocket serverSocket() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
