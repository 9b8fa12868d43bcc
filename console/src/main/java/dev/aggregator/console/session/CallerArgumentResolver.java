package dev.aggregator.console.session;

import dev.aggregator.console.api.GatewayApi;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a controller the {@link Caller} of the current request. */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final GatewayApi api;
    private final Sessions sessions;
    private final ClientAddress clientAddress;

    CallerArgumentResolver(GatewayApi api, Sessions sessions, ClientAddress clientAddress) {
        this.api = api;
        this.sessions = sessions;
        this.clientAddress = clientAddress;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        var request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (Sessions.current(request.getSession(false)) == null) throw new SessionExpired();
        return new Caller(api, sessions, request, clientAddress.of(request));
    }
}
