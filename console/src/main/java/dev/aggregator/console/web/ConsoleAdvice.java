package dev.aggregator.console.web;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.GatewayUnavailable;
import dev.aggregator.console.session.SessionExpired;
import dev.aggregator.console.session.Sessions;
import dev.aggregator.console.session.SignedIn;
import dev.aggregator.console.session.StaleForm;
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
        return errorState(request, model, error.status(), error.describe());
    }

    /** A repeated or out-of-date once-only form: nothing was sent, and the page says why. */
    @ExceptionHandler(StaleForm.class)
    String staleForm(StaleForm error, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(409);
        return errorState(request, model, 409, error.getMessage());
    }

    @ExceptionHandler(GatewayUnavailable.class)
    String unavailable(
            GatewayUnavailable error, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.warn("The gateway could not be reached: {}", error.getCause().toString());
        response.setStatus(503);
        return errorState(request, model, 503, error.getMessage());
    }

    /** The shared error page; the model attributes are set again since an exception handler starts afresh. */
    private String errorState(HttpServletRequest request, Model model, int status, String message) {
        model.addAttribute("me", me(request));
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "error-state";
    }
}
