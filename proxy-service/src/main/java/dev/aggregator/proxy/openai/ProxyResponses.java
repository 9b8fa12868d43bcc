package dev.aggregator.proxy.openai;

import dev.aggregator.common.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** The response headers every proxied answer carries. */
public final class ProxyResponses {

    public static final String PROVIDER_HEADER = "x-aggregator-provider";
    public static final String COST_HEADER = "x-aggregator-cost";

    private ProxyResponses() {}

    /** The gateway's request id, as common-lib's filter accepted it. */
    public static String requestId(HttpServletRequest request) {
        return request.getAttribute(RequestIds.MDC_KEY) instanceof String id ? id : RequestIds.newId();
    }

    public static ResponseEntity<JsonNode> json(JsonNode body, String provider, BigDecimal cost) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(PROVIDER_HEADER, provider)
                .header(COST_HEADER, cost.toPlainString())
                .body(body);
    }

    /**
     * Headers of an event stream, set on the servlet response because a bare
     * {@code StreamingResponseBody} is returned. No cost header: the cost is known only at the end,
     * in the usage chunk. Proxies between us and the client must not buffer the events.
     */
    public static void prepareStream(HttpServletResponse response, String provider) {
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(PROVIDER_HEADER, provider);
    }
}
