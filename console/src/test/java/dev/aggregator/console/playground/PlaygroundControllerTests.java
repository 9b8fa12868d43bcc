package dev.aggregator.console.playground;

import static dev.aggregator.console.support.ConsoleSliceTest.signedIn;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import dev.aggregator.console.support.ConsoleSliceTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(PlaygroundController.class)
@ConsoleSliceTest.Slice
class PlaygroundControllerTests {

    private static final String STREAM = """
            data: {"choices":[{"delta":{"content":"Hel"}}]}

            data: {"choices":[{"delta":{"content":"lo"}}]}

            data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"cost":0.00001}}

            data: [DONE]

            """;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GatewayApi api;

    @Test
    void theAnswerIsRelayedAsItStreamsWithTheServingProvider() throws Exception {
        @SuppressWarnings("unchecked")
        HttpResponse<InputStream> upstream = mock(HttpResponse.class);
        when(upstream.statusCode()).thenReturn(200);
        when(upstream.headers())
                .thenReturn(HttpHeaders.of(
                        Map.of("x-aggregator-provider", List.of("mock"), "content-type", List.of("text/event-stream")),
                        (name, value) -> true));
        when(upstream.body()).thenReturn(new ByteArrayInputStream(STREAM.getBytes(StandardCharsets.UTF_8)));
        when(api.stream(anyString(), any(), any(), any())).thenReturn(upstream);

        var started = mvc.perform(post("/playground/chat")
                        .with(csrf())
                        .session(signedIn("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"mock-gpt\",\"message\":\"Hi\",\"max_tokens\":20}"))
                .andExpect(request().asyncStarted())
                .andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(header().string("x-aggregator-provider", "mock"))
                .andExpect(content().string(STREAM));

        verify(api).stream(
                org.mockito.ArgumentMatchers.eq("/v1/chat/completions"),
                argThat((Credentials credentials) -> "access-token".equals(credentials.accessToken())),
                argThat((Map<String, Object> body) -> Boolean.TRUE.equals(body.get("stream"))
                        && body.get("stream_options").equals(Map.of("include_usage", true))
                        && Integer.valueOf(20).equals(body.get("max_tokens"))),
                any());
    }

    @Test
    void aChatWithoutTheCsrfHeaderIsRefused() throws Exception {
        mvc.perform(post("/playground/chat")
                        .session(signedIn("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"mock-gpt\",\"message\":\"Hi\"}"))
                .andExpect(status().isForbidden());
    }
}
