package dev.aggregator.gateway.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * One client connection used for request after request, written and read byte by byte so that the
 * test decides exactly when each request reaches the gateway.
 */
class KeepAliveTests extends GatewayTestSupport {

    /**
     * The second request is written with the first, so the gateway reads it while the first waits
     * for auth-service and queues it until the first is answered; then it is answered at once, from
     * the memory of unknown keys. The connection must be read on after that: before
     * {@link ReadResumingHandler}, the third request got no answer at all. A flood of made-up keys
     * reached the same queue now and then by reusing a connection the moment an answer arrived,
     * before the gateway had finished with the previous request; writing two requests at once
     * reaches it every time.
     */
    @Test
    void aConnectionIsReadOnAfterAQueuedRequestIsAnsweredFromMemory() throws IOException {
        String known = wellFormedKey();
        try (var connection = new Connection(URI.create(baseUrl()))) {
            connection.send(models(known));
            assertThat(connection.status()).isEqualTo(401);

            for (int round = 0; round < 5; round++) {
                connection.send(models(wellFormedKey()) + models(known));
                assertThat(connection.status()).isEqualTo(401);
                assertThat(connection.status()).isEqualTo(401);

                connection.send(models(known));
                assertThat(connection.status()).as("round %d", round).isEqualTo(401);
            }
        }
    }

    private static String models(String apiKey) {
        return "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + apiKey + "\r\n\r\n";
    }

    /** An HTTP/1.1 connection that reads answers with a {@code Content-Length}, as the gateway's are. */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI server) throws IOException {
            socket = new Socket(server.getHost(), server.getPort());
            // Long enough for any answer; a request that gets none fails the test here.
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String requests) throws IOException {
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The next answer's status; its headers and body are read past. */
        int status() throws IOException {
            int status = Integer.parseInt(line().split(" ")[1]);
            int contentLength = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(
                            header.substring(header.indexOf(':') + 1).strip());
                }
            }
            in.readNBytes(contentLength);
            return status;
        }

        private String line() throws IOException {
            var line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) throw new IOException("connection closed by the gateway");
                if (b != '\r') line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
