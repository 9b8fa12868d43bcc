package dev.aggregator.common.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request in only with an identity the gateway (or, on {@code /internal/**}, a peer
 * service) signed. Client-supplied identity headers cannot pass: the gateway strips them and
 * anything else fails the signature check.
 */
public class InternalIdentityFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = Identity.class.getName();
    private static final List<String> OPEN_PREFIXES =
            List.of("/health", "/actuator", "/v3/api-docs", "/swagger-ui", "/error");

    private final InternalTokens tokens;
    private final List<String> publicPaths;

    public InternalIdentityFilter(InternalTokens tokens, List<String> publicPaths) {
        this.tokens = tokens;
        this.publicPaths = List.copyOf(publicPaths);
    }

    public static Optional<Identity> current(HttpServletRequest request) {
        return Optional.ofNullable((Identity) request.getAttribute(ATTRIBUTE));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return publicPaths.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * The decoded, normalized path the container dispatches on, never the raw URI: otherwise
     * {@code /v1/auth/../internal/jwks} would pass as a caller path and be served as an internal one.
     */
    private static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean internalPath = path(request).startsWith("/internal/");
        var identity = tokens.verify(request.getHeader(InternalTokens.HEADER))
                .filter(id -> internalPath ? id.isService() : id.companyId() != null);
        if (identity.isEmpty()) {
            reject(response);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity.get());
        chain.doFilter(request, response);
    }

    private static void reject(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream()
                .write(("{\"type\":\"https://aggregator.dev/problems/unauthenticated\",\"title\":\"Unauthorized\","
                                + "\"status\":401,\"detail\":\"Requests must come through the API gateway.\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
