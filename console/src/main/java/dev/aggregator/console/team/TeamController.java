package dev.aggregator.console.team;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The team: members and their roles, invitations (mailed by the platform), role changes, removal. */
@Controller
class TeamController {

    @GetMapping("/team")
    String team(Caller caller, Model model) {
        model.addAttribute("members", Caller.data(caller.get("/v1/auth/members")));
        return "team";
    }

    @PostMapping("/team/invitations")
    String invite(Caller caller, @RequestParam String email, @RequestParam String role, RedirectAttributes redirect) {
        try {
            var invitation = caller.post("/v1/auth/invitations", Map.of("email", email.strip(), "role", role));
            redirect.addFlashAttribute(
                    "notice",
                    "Invitation e-mailed to " + invitation.get("email") + "; it expires " + invitation.get("expires_at")
                            + ".");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/team";
    }

    @PostMapping("/team/members/{id}/role")
    String changeRole(Caller caller, @PathVariable String id, @RequestParam String role, RedirectAttributes redirect) {
        try {
            caller.patch("/v1/auth/members/" + id, Map.of("role", role));
            redirect.addFlashAttribute("notice", "Role changed to " + role + " from the member's next sign-in.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/team";
    }

    @PostMapping("/team/members/{id}/remove")
    String remove(Caller caller, @PathVariable String id, RedirectAttributes redirect) {
        try {
            caller.delete("/v1/auth/members/" + id);
            redirect.addFlashAttribute("notice", "Member removed; their sessions have ended.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/team";
    }
}
