package dev.aggregator.proxy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Calls the running proxy over HTTP as the gateway does: with a signed identity. A bean of every
 * proxy test context ({@link ProxyServiceTest} imports it), so a test autowires it; lazy, because
 * the random port is known only once the server has started.
 */
@Lazy
public final class ProxyClient {

    private final int port;
    private final RestTestClient client;
    private final InternalTokens tokens;

    ProxyClient(@LocalServerPort int port, InternalTokens tokens) {
        this.port = port;
        this.client = RestTestClient.bindToServer().baseUrl(url("")).build();
        this.tokens = tokens;
    }

    /** POSTs a JSON body written with single quotes, as the given caller. */
    public RestTestClient.ResponseSpec post(String path, Identity identity, String singleQuotedJson) {
        return postRaw(path, identity, singleQuotedJson.replace('\'', '"'));
    }

    /** POSTs as {@link #post}, expects the request refused with {@code status}, and returns its {@code error}. */
    public JsonNode postRefused(String path, Identity identity, String singleQuotedJson, int status) {
        String body = post(path, identity, singleQuotedJson)
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return Json.MAPPER.readTree(body).path("error");
    }

    public RestTestClient.ResponseSpec postRaw(String path, Identity identity, String body) {
        var request = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (identity != null) request = request.header(InternalTokens.HEADER, tokens.mint(identity));
        return request.body(body).exchange();
    }

    /**
     * POSTs a streamed request (a JSON body written with single quotes) over a socket of its own
     * and hangs up once {@code words} content chunks have arrived, as a client that stops reading
     * mid-stream does. The mock-provider sends a word per chunk.
     */
    public void hangUpAfterWords(int words, String path, Identity identity, String singleQuotedJson)
            throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] payload = singleQuotedJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + InternalTokens.HEADER + ": " + token(identity) + "\r\n"
                            + "Content-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int received = 0;
            for (String line; received < words && (line = in.readLine()) != null; ) {
                if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) received++;
            }
            assertThat(received).isEqualTo(words);
        }
    }

    public RestTestClient raw() {
        return client;
    }

    /** Where {@code path} is on the running proxy, for clients other than this one. */
    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String token(Identity identity) {
        return tokens.mint(identity);
    }
}
