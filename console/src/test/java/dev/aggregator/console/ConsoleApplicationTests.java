package dev.aggregator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console as it starts: health, its own assets and the WebJars' (htmx, Chart.js) by version-less paths. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleApplicationTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void itStartsAndServesHealthPagesAndAssets() throws Exception {
        assertThat(get("/health").body()).contains("\"UP\"");
        assertThat(get("/signin").body()).contains("Sign in").contains("name=\"_csrf\"");
        assertThat(get("/assets/console.css").statusCode()).isEqualTo(200);
        assertThat(get("/assets/console.js").statusCode()).isEqualTo(200);
        assertThat(get("/assets/webjars/htmx.org/dist/htmx.min.js").statusCode())
                .isEqualTo(200);
        assertThat(get("/assets/webjars/chart.js/dist/chart.umd.min.js").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPageThatNeedsSigningInRedirectsRelativelySoTheBrowserStaysOnTheGateway() throws Exception {
        var response = get("/dashboard");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/signin");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
