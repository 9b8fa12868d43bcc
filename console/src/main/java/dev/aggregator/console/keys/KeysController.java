package dev.aggregator.console.keys;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import dev.aggregator.console.web.Forms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API keys: the list, create (the secret shown once, on the page that answers the create, never
 * stored by the console), edit and revoke. Only OWNER and ADMIN see the buttons; the API refuses
 * anyone else whatever the page shows.
 */
@Controller
class KeysController {

    static final List<String> SCOPES = List.of("chat", "models", "billing:read", "analytics:read");

    @GetMapping("/keys")
    String keys(Caller caller, Model model) {
        model.addAttribute("keys", Caller.data(caller.get("/v1/auth/api-keys")));
        model.addAttribute("scopes", SCOPES);
        return "keys/list";
    }

    @PostMapping("/keys")
    String create(
            Caller caller,
            @RequestParam String name,
            @RequestParam(required = false) List<String> scopes,
            @RequestParam(required = false) String models,
            @RequestParam(name = "rpm_limit", required = false) String rpmLimit,
            @RequestParam(name = "monthly_spend_limit", required = false) String monthlySpendLimit,
            @RequestParam(name = "expires_at", required = false) String expiresAt,
            Model model,
            RedirectAttributes redirect) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name.strip());
        if (scopes != null && !scopes.isEmpty()) body.put("scopes", scopes);
        var allowed = Forms.list(models);
        if (!allowed.isEmpty()) body.put("models", allowed);
        putIfPresent(body, "rpm_limit", Forms.number(rpmLimit));
        putIfPresent(body, "monthly_spend_limit", Forms.number(monthlySpendLimit));
        putIfPresent(body, "expires_at", Forms.endOfDay(expiresAt));
        try {
            model.addAttribute("created", caller.post("/v1/auth/api-keys", body));
            return "keys/created";
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
            return "redirect:/keys";
        }
    }

    @GetMapping("/keys/{id}/edit")
    String edit(Caller caller, @PathVariable String id, Model model) {
        var key = Caller.data(caller.get("/v1/auth/api-keys")).stream()
                .filter(k -> id.equals(k.get("id")))
                .findFirst()
                .orElseThrow(() -> new ApiCallFailed(404, "No such API key.", List.of()));
        model.addAttribute("key", key);
        return "keys/edit";
    }

    @PostMapping("/keys/{id}")
    String update(
            Caller caller,
            @PathVariable String id,
            @RequestParam String name,
            @RequestParam(required = false) String models,
            @RequestParam(name = "rpm_limit", required = false) String rpmLimit,
            @RequestParam(name = "monthly_spend_limit", required = false) String monthlySpendLimit,
            @RequestParam(name = "expires_at", required = false) String expiresAt,
            RedirectAttributes redirect) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name.strip());
        body.put("models", Forms.list(models));
        putIfPresent(body, "rpm_limit", Forms.number(rpmLimit));
        putIfPresent(body, "monthly_spend_limit", Forms.number(monthlySpendLimit));
        putIfPresent(body, "expires_at", Forms.endOfDay(expiresAt));
        try {
            caller.patch("/v1/auth/api-keys/" + id, body);
            redirect.addFlashAttribute("notice", "Key “" + name.strip() + "” saved.");
            return "redirect:/keys";
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
            return "redirect:/keys/" + id + "/edit";
        }
    }

    @PostMapping("/keys/{id}/revoke")
    String revoke(Caller caller, @PathVariable String id, RedirectAttributes redirect) {
        try {
            caller.delete("/v1/auth/api-keys/" + id);
            redirect.addFlashAttribute("notice", "Key revoked: it is refused everywhere within a second.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/keys";
    }

    private static void putIfPresent(Map<String, Object> body, String field, Object value) {
        if (value != null) body.put(field, value);
    }
}
