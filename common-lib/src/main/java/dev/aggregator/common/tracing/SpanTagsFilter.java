package dev.aggregator.common.tracing;

import dev.aggregator.common.identity.InternalIdentityFilter;
import dev.aggregator.common.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tags the request's server span with its request id and the caller's company, so a trace can be
 * found from either. Registered only while tracing is on; runs after the identity filter.
 */
public class SpanTagsFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID = "aggregator.request_id";
    public static final String COMPANY_ID = "aggregator.company_id";

    private final TraceContexts traces;

    public SpanTagsFilter(TraceContexts traces) {
        this.traces = traces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(RequestIds.MDC_KEY) instanceof String requestId) traces.tag(REQUEST_ID, requestId);
        InternalIdentityFilter.current(request)
                .filter(identity -> identity.companyId() != null)
                .ifPresent(
                        identity -> traces.tag(COMPANY_ID, identity.companyId().toString()));
        chain.doFilter(request, response);
    }
}
