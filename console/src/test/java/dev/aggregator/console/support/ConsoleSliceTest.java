package dev.aggregator.console.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.when;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.GatewayApi;
import dev.aggregator.console.config.ConsoleProperties;
import dev.aggregator.console.config.SecurityConfig;
import dev.aggregator.console.session.ClientAddress;
import dev.aggregator.console.session.Sessions;
import dev.aggregator.console.session.SignedIn;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's MVC slice: the controllers, the session and security wiring, and a mocked {@link
 * GatewayApi} standing in for the platform's API.
 */
public final class ConsoleSliceTest {

    private ConsoleSliceTest() {}

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Import({SecurityConfig.class, Sessions.class, ClientAddress.class})
    @EnableConfigurationProperties(ConsoleProperties.class)
    public @interface Slice {}

    /** A session signed in with these roles. */
    public static MockHttpSession signedIn(String... roles) {
        var session = new MockHttpSession();
        session.setAttribute(
                SignedIn.ATTRIBUTE,
                new SignedIn(
                        "access-token",
                        "refresh-token",
                        Instant.now().plusSeconds(600),
                        "user-1",
                        "company-1",
                        "person@acme.test",
                        List.of(roles)));
        return session;
    }

    /** URIs are built as the real client builds them, on a fake gateway address. */
    public static void buildUris(GatewayApi api) {
        when(api.uri(anyString(), any())).thenAnswer(call -> {
            var uri = UriComponentsBuilder.fromUriString("http://gateway.test").path(call.getArgument(0));
            Map<String, ?> query = call.getArgument(1);
            if (query != null) {
                query.forEach((name, value) -> {
                    if (value != null && !value.toString().isBlank()) uri.queryParam(name, value);
                });
            }
            return uri.encode().build().toUri();
        });
    }

    /** The API answers this method and path (any query) with this body. */
    public static void answer(GatewayApi api, HttpMethod method, String path, Map<String, Object> body) {
        when(api.call(eq(method), pathIs(path), any(), any()))
                .thenReturn(dev.aggregator.console.api.ApiObject.of(body));
    }

    /** The API refuses this method and path. */
    public static void refuse(GatewayApi api, HttpMethod method, String path, int status, String message) {
        when(api.call(eq(method), pathIs(path), any(), any())).thenThrow(new ApiCallFailed(status, message, List.of()));
    }

    /** Matches a call to this path, whatever its query. */
    public static URI pathIs(String path) {
        return argThat((URI uri) -> uri != null && uri.getPath().equals(path));
    }

    @SuppressWarnings("unused")
    private static Object unused() {
        return isNull();
    }
}
