package dev.aggregator.console.session;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Becoming a signed-in person: sign up (registers a company), sign in, sign out, accept an
 * invitation, and reset a forgotten password with the mailed token. Each is one call to the
 * API's unauthenticated routes; the API validates and answers, the page shows its answer.
 */
@Controller
class SessionController {

    private final Sessions sessions;
    private final GatewayApi api;
    private final ClientAddress clientAddress;

    SessionController(Sessions sessions, GatewayApi api, ClientAddress clientAddress) {
        this.sessions = sessions;
        this.api = api;
        this.clientAddress = clientAddress;
    }

    @GetMapping("/")
    String home(HttpServletRequest request) {
        return Sessions.current(request.getSession(false)) == null ? "redirect:/signin" : "redirect:/dashboard";
    }

    @GetMapping("/signin")
    String signInPage(@RequestParam(required = false) String expired, Model model) {
        if (expired != null) model.addAttribute("error", "Your session has ended. Please sign in again.");
        return "session/signin";
    }

    @PostMapping("/signin")
    String signIn(HttpServletRequest request, @RequestParam String email, @RequestParam String password, Model model) {
        try {
            var signedIn = sessions.signIn(request, email.strip(), password);
            return signedIn.platformAdmin() ? "redirect:/admin" : "redirect:/dashboard";
        } catch (ApiCallFailed e) {
            model.addAttribute("email", email);
            model.addAttribute("error", e.status() == 401 ? "Wrong e-mail or password." : e.describe());
            return "session/signin";
        }
    }

    @PostMapping("/signout")
    String signOut(HttpServletRequest request) {
        sessions.signOut(request);
        return "redirect:/signin";
    }

    @GetMapping("/signup")
    String signUpPage() {
        return "session/signup";
    }

    @PostMapping("/signup")
    String signUp(
            HttpServletRequest request,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect) {
        var body = new LinkedHashMap<String, Object>();
        for (var field : new String[] {"name", "email", "password", "description", "website", "phone"}) {
            body.put(field, form.getOrDefault(field, "").strip());
        }
        body.put(
                "address",
                Map.of(
                        "city",
                        form.getOrDefault("city", "").strip(),
                        "country",
                        form.getOrDefault("country", "").strip()));
        var referral = form.getOrDefault("referral_code", "").strip();
        if (!referral.isEmpty()) body.put("referral_code", referral);
        try {
            api.call(HttpMethod.POST, api.uri("/v1/auth/register", null), anonymous(request), body);
            sessions.signIn(request, (String) body.get("email"), (String) body.get("password"));
            return "redirect:/dashboard?welcome";
        } catch (ApiCallFailed e) {
            form.remove("password");
            model.addAttribute("form", form);
            model.addAttribute("error", e.describe());
            return "session/signup";
        }
    }

    @GetMapping("/accept-invitation")
    String acceptInvitationPage(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        return "session/accept-invitation";
    }

    @PostMapping("/accept-invitation")
    String acceptInvitation(
            HttpServletRequest request,
            @RequestParam String token,
            @RequestParam String password,
            @RequestParam(required = false) String name,
            Model model) {
        var body = new LinkedHashMap<String, Object>();
        body.put("token", token.strip());
        body.put("password", password);
        if (name != null && !name.isBlank()) body.put("name", name.strip());
        try {
            var accepted =
                    api.call(HttpMethod.POST, api.uri("/v1/auth/invitations/accept", null), anonymous(request), body);
            sessions.signIn(request, (String) accepted.get("email"), password);
            return "redirect:/dashboard?welcome";
        } catch (ApiCallFailed e) {
            model.addAttribute("token", token);
            model.addAttribute("error", e.describe());
            return "session/accept-invitation";
        }
    }

    @GetMapping("/forgot-password")
    String forgotPasswordPage() {
        return "session/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgotPassword(HttpServletRequest request, @RequestParam String email, Model model) {
        try {
            api.call(
                    HttpMethod.POST,
                    api.uri("/v1/auth/password-reset", null),
                    anonymous(request),
                    Map.of("email", email.strip()));
            model.addAttribute("notice", "If an account exists for that address, a reset link is on its way.");
        } catch (ApiCallFailed e) {
            model.addAttribute("error", e.describe());
        }
        return "session/forgot-password";
    }

    @GetMapping("/reset-password")
    String resetPasswordPage(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        return "session/reset-password";
    }

    @PostMapping("/reset-password")
    String resetPassword(
            HttpServletRequest request,
            @RequestParam String token,
            @RequestParam(name = "new_password") String newPassword,
            Model model,
            RedirectAttributes redirect) {
        try {
            api.call(
                    HttpMethod.POST,
                    api.uri("/v1/auth/password-reset/confirm", null),
                    anonymous(request),
                    Map.of("token", token.strip(), "new_password", newPassword));
            redirect.addFlashAttribute("notice", "Your password was changed. Sign in with the new one.");
            return "redirect:/signin";
        } catch (ApiCallFailed e) {
            model.addAttribute("token", token);
            model.addAttribute("error", e.describe());
            return "session/reset-password";
        }
    }

    private Credentials anonymous(HttpServletRequest request) {
        return Credentials.anonymous(clientAddress.of(request));
    }
}
