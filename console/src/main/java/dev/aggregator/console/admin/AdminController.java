package dev.aggregator.console.admin;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import dev.aggregator.console.session.OnceOnlyForms;
import dev.aggregator.console.web.Forms;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.springframework.web.util.UriUtils;

/**
 * The platform admin's screens: providers and their key pools (and the model import to review),
 * models and prices, a company's balance with a manual credit or debit, and revenue, cost and
 * margin. Every call is refused by the API for anyone but a {@code PLATFORM_ADMIN}.
 */
@Controller
class AdminController {

    static final List<String> PROVIDER_TYPES = List.of("openai", "openrouter", "anthropic", "openai_compatible");

    @GetMapping("/admin")
    String admin(
            Caller caller,
            @RequestParam(name = "company_id", required = false) String companyId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpSession session,
            Model model) {
        var providers = Caller.data(caller.get("/v1/providers"));
        var pools = new ArrayList<Map<String, Object>>();
        for (var provider : providers) {
            var pool = new HashMap<String, Object>(provider);
            pool.put("keys", Caller.data(caller.get("/v1/providers/" + provider.get("id") + "/keys")));
            pool.put("pending", Caller.data(caller.get("/v1/providers/" + provider.get("id") + "/offerings/pending")));
            pools.add(pool);
        }
        model.addAttribute("providers", pools);
        model.addAttribute("providerTypes", PROVIDER_TYPES);
        model.addAttribute("models", Caller.data(caller.get("/v1/models")));
        var window = new HashMap<String, Object>();
        window.put("from", from);
        window.put("to", to);
        var margins = caller.get("/v1/analytics/margins", window);
        model.addAttribute("margins", Caller.data(margins));
        model.addAttribute("marginTotals", margins.get("totals"));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("companyId", companyId);
        if (!Forms.blank(companyId)) {
            try {
                model.addAttribute(
                        "company", caller.get("/v1/billing/balance", Map.of("company_id", companyId.strip())));
            } catch (ApiCallFailed e) {
                model.addAttribute("companyError", e.describe());
            }
        }
        // A once-only form: a double submit of the same credit moves money once.
        model.addAttribute("balanceKey", OnceOnlyForms.issue(session));
        return "admin";
    }

    @PostMapping("/admin/providers")
    String createProvider(
            Caller caller,
            @RequestParam String name,
            @RequestParam String type,
            @RequestParam(name = "base_url") String baseUrl,
            @RequestParam(name = "api_key") String apiKey,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "Provider " + name + " added.",
                () -> caller.post(
                        "/v1/providers",
                        Map.of(
                                "name",
                                name.strip(),
                                "type",
                                type,
                                "base_url",
                                baseUrl.strip(),
                                "api_key",
                                apiKey,
                                "enabled",
                                enabled)));
    }

    @PostMapping("/admin/providers/{id}/enabled")
    String enable(Caller caller, @PathVariable String id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        return act(
                redirect,
                enabled ? "Provider enabled." : "Provider disabled.",
                () -> caller.patch("/v1/providers/" + id, Map.of("enabled", enabled)));
    }

    @PostMapping("/admin/providers/{id}/keys")
    String addKey(
            Caller caller,
            @PathVariable String id,
            @RequestParam(name = "api_key") String apiKey,
            @RequestParam(required = false) String weight,
            RedirectAttributes redirect) {
        var body = new LinkedHashMap<String, Object>();
        body.put("api_key", apiKey);
        if (!Forms.blank(weight)) body.put("weight", Forms.number(weight));
        return act(redirect, "Key added to the pool.", () -> caller.post("/v1/providers/" + id + "/keys", body));
    }

    @PostMapping("/admin/providers/{id}/keys/{keyId}/delete")
    String deleteKey(Caller caller, @PathVariable String id, @PathVariable String keyId, RedirectAttributes redirect) {
        return act(redirect, "Key removed from the pool.", () -> {
            caller.delete("/v1/providers/" + id + "/keys/" + keyId);
            return Map.of();
        });
    }

    @PostMapping("/admin/providers/{id}/sync")
    String sync(Caller caller, @PathVariable String id, RedirectAttributes redirect) {
        try {
            var imported = Caller.data(caller.post("/v1/providers/" + id + "/sync-models", Map.of()));
            redirect.addFlashAttribute(
                    "notice", imported.size() + " model(s) imported for review; approve them below once priced.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/admin";
    }

    @PostMapping("/admin/providers/{id}/approve")
    String approve(
            Caller caller, @PathVariable String id, @RequestParam List<String> models, RedirectAttributes redirect) {
        return act(
                redirect,
                "Offerings approved: they are routed now.",
                () -> caller.post("/v1/providers/" + id + "/offerings/approve", Map.of("models", models)));
    }

    /** {@code PUT /v1/models/{model}}: the API replaces the model's offerings as a whole with these. */
    @PostMapping("/admin/models")
    String setModel(
            Caller caller,
            @RequestParam String model,
            @RequestParam(name = "context_length", required = false) String contextLength,
            @RequestParam(name = "provider_id") String providerId,
            @RequestParam(name = "provider_model") String providerModel,
            @RequestParam(name = "input_price_per_million") String inputPrice,
            @RequestParam(name = "output_price_per_million") String outputPrice,
            @RequestParam(name = "input_cost_per_million", required = false) String inputCost,
            @RequestParam(name = "output_cost_per_million", required = false) String outputCost,
            RedirectAttributes redirect) {
        var offering = new LinkedHashMap<String, Object>();
        offering.put("provider_id", providerId);
        offering.put("provider_model", providerModel.strip());
        offering.put("input_price_per_million", Forms.number(inputPrice));
        offering.put("output_price_per_million", Forms.number(outputPrice));
        if (!Forms.blank(inputCost)) offering.put("input_cost_per_million", Forms.number(inputCost));
        if (!Forms.blank(outputCost)) offering.put("output_cost_per_million", Forms.number(outputCost));
        var body = new LinkedHashMap<String, Object>();
        if (!Forms.blank(contextLength)) body.put("context_length", Forms.number(contextLength));
        body.put("offerings", List.of(offering));
        var id = model.strip();
        return act(
                redirect,
                "Model " + id + " saved; new prices apply within a second.",
                () -> caller.put(
                        "/v1/models/" + UriUtils.encodePath(id, java.nio.charset.StandardCharsets.UTF_8), body));
    }

    @PostMapping("/admin/balance")
    String adjustBalance(
            Caller caller,
            @RequestParam(name = "company_id") String companyId,
            @RequestParam String amount,
            @RequestParam String operation,
            @RequestParam(required = false) String reason,
            @RequestParam(name = OnceOnlyForms.FIELD, required = false) String formKey,
            RedirectAttributes redirect) {
        var body = new LinkedHashMap<String, Object>();
        body.put("company_id", companyId.strip());
        body.put("amount", Forms.number(amount));
        body.put("operation", operation);
        if (!Forms.blank(reason)) body.put("reason", reason.strip());
        redirect.addAttribute("company_id", companyId.strip());
        try {
            var result = caller.postOnce("/v1/billing/balance", body, formKey);
            redirect.addFlashAttribute(
                    "notice", operation + " of $" + amount + " done; balance now $" + result.get("balance") + ".");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/admin";
    }

    private static String act(
            RedirectAttributes redirect, String done, java.util.function.Supplier<Map<String, Object>> call) {
        try {
            call.get();
            redirect.addFlashAttribute("notice", done);
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/admin";
    }
}
