package dev.aggregator.console.web;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.GatewayUnavailable;
import dev.aggregator.console.session.SessionExpired;
import dev.aggregator.console.session.Sessions;
import dev.aggregator.console.session.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page knows (who is signed in, for the navigation bar) and the error state every page
 * shares: an API error or an unreachable gateway is shown in the page, with the API's own message;
 * an ended session leads to the sign-in page.
 */
@ControllerAdvice
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    @ModelAttribute("me")
    SignedIn me(HttpServletRequest request) {
        return Sessions.current(request.getSession(false));
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ExceptionHandler(SessionExpired.class)
    String sessionExpired(HttpServletRequest request, HttpServletResponse response) {
        var session = request.getSession(false);
        if (session != null) session.invalidate();
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", "/signin?expired");
            return "redirect:/signin?expired";
        }
        return "redirect:/signin?expired";
    }

    @ExceptionHandler(ApiCallFailed.class)
    String apiError(ApiCallFailed error, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(error.status() >= 500 ? 502 : error.status());
        model.addAttribute("me", me(request));
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("status", error.status());
        model.addAttribute("message", error.describe());
        return "error-state";
    }

    @ExceptionHandler(GatewayUnavailable.class)
    String unavailable(
            GatewayUnavailable error, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.warn("The gateway could not be reached: {}", error.getCause().toString());
        response.setStatus(503);
        model.addAttribute("me", me(request));
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("status", 503);
        model.addAttribute("message", error.getMessage());
        return "error-state";
    }
}
