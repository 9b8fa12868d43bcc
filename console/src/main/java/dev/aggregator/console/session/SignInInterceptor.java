package dev.aggregator.console.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Pages that need a signed-in person send everyone else to the sign-in page (an htmx request is
 * told to load it as a whole page).
 */
public class SignInInterceptor implements HandlerInterceptor {

    /** Reached without signing in. */
    public static final String[] PUBLIC_PATHS = {
        "/signin",
        "/signup",
        "/forgot-password",
        "/reset-password",
        "/accept-invitation",
        "/health",
        "/assets/**",
        "/error",
        "/favicon.ico"
    };

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (Sessions.current(request.getSession(false)) != null) return true;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", "/signin");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect("/signin");
        }
        return false;
    }
}
