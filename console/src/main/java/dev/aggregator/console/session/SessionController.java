package dev.aggregator.console.session;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
            postAnonymously(request, "/v1/auth/register", body);
            return welcome(request, (String) body.get("email"), (String) body.get("password"));
        } catch (ApiCallFailed e) {
            form.remove("password");
            model.addAttribute("form", form);
            model.addAttribute("error", e.describe());
            return "session/signup";
        }
    }

    @GetMapping("/accept-invitation")
    String acceptInvitationPage(@RequestParam(required = false) String token, Model model) {
        return mailedLinkPage("session/accept-invitation", token, model);
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
        return submitMailedLink("session/accept-invitation", token, model, () -> {
            var accepted = postAnonymously(request, "/v1/auth/invitations/accept", body);
            return welcome(request, (String) accepted.get("email"), password);
        });
    }

    @GetMapping("/forgot-password")
    String forgotPasswordPage() {
        return "session/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgotPassword(HttpServletRequest request, @RequestParam String email, Model model) {
        try {
            postAnonymously(request, "/v1/auth/password-reset", Map.of("email", email.strip()));
            model.addAttribute("notice", "If an account exists for that address, a reset link is on its way.");
        } catch (ApiCallFailed e) {
            model.addAttribute("error", e.describe());
        }
        return "session/forgot-password";
    }

    @GetMapping("/reset-password")
    String resetPasswordPage(@RequestParam(required = false) String token, Model model) {
        return mailedLinkPage("session/reset-password", token, model);
    }

    @PostMapping("/reset-password")
    String resetPassword(
            HttpServletRequest request,
            @RequestParam String token,
            @RequestParam(name = "new_password") String newPassword,
            Model model,
            RedirectAttributes redirect) {
        return submitMailedLink("session/reset-password", token, model, () -> {
            postAnonymously(
                    request,
                    "/v1/auth/password-reset/confirm",
                    Map.of("token", token.strip(), "new_password", newPassword));
            redirect.addFlashAttribute("notice", "Your password was changed. Sign in with the new one.");
            return "redirect:/signin";
        });
    }

    /** Someone who just registered or joined is signed in and welcomed on the dashboard. */
    private String welcome(HttpServletRequest request, String email, String password) {
        sessions.signIn(request, email, password);
        return "redirect:/dashboard?welcome";
    }

    /** A page a mailed link opens: its form carries the link's token. */
    private static String mailedLinkPage(String view, String token, Model model) {
        model.addAttribute("token", token);
        return view;
    }

    /**
     * Submits the form of a mailed link's page; when the API refuses (an expired token, a short
     * password), the same page shows its message and keeps the token for another try.
     */
    private static String submitMailedLink(String view, String token, Model model, Supplier<String> submit) {
        try {
            return submit.get();
        } catch (ApiCallFailed e) {
            model.addAttribute("error", e.describe());
            return mailedLinkPage(view, token, model);
        }
    }

    /** A call to one of the API's routes that need no sign-in, with the browser's address. */
    private Map<String, Object> postAnonymously(HttpServletRequest request, String path, Object body) {
        return api.call(HttpMethod.POST, api.uri(path, null), Credentials.anonymous(clientAddress.of(request)), body);
    }
}
