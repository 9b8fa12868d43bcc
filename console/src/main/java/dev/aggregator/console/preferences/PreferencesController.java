package dev.aggregator.console.preferences;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import dev.aggregator.console.web.Forms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Provider preferences per model: the providers serving it (from {@code GET
 * /v1/models/{model}/endpoints}, with prices and health) ranked by the person, denied ones, the
 * sort and whether to fall back. The orchestrator validates and routes by them.
 */
@Controller
class PreferencesController {

    static final List<String> SORTS = List.of("price", "latency", "throughput");

    @GetMapping("/preferences")
    String preferences(Caller caller, @RequestParam(required = false) String model, Model page) {
        var models = Caller.data(caller.get("/v1/models")).stream()
                .map(m -> (String) m.get("id"))
                .sorted()
                .toList();
        var chosen = model != null && models.contains(model) ? model : (models.isEmpty() ? null : models.getFirst());
        page.addAttribute("models", models);
        page.addAttribute("model", chosen);
        page.addAttribute("sorts", SORTS);
        var preferences = Caller.data(caller.get("/v1/preferences"));
        page.addAttribute("preferences", preferences);
        if (chosen != null) {
            page.addAttribute("endpoints", Caller.data(caller.get("/v1/models/" + path(chosen) + "/endpoints")));
            page.addAttribute(
                    "current",
                    preferences.stream()
                            .filter(p -> chosen.equals(p.get("model")))
                            .findFirst()
                            .orElse(null));
        }
        return "preferences";
    }

    @PostMapping("/preferences")
    String save(
            Caller caller,
            @RequestParam String model,
            @RequestParam Map<String, String> form,
            @RequestParam(required = false) List<String> deny,
            @RequestParam(required = false) String sort,
            @RequestParam(name = "allow_fallbacks", defaultValue = "false") boolean allowFallbacks,
            RedirectAttributes redirect) {
        // order: each provider's rank field ("rank.<name>"), lowest first; blank ranks are left out.
        var ranked = form.entrySet().stream()
                .filter(e -> e.getKey().startsWith("rank.") && !Forms.blank(e.getValue()))
                .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(v -> parseRank(v.strip()))))
                .map(e -> e.getKey().substring("rank.".length()))
                .toList();
        var body = new LinkedHashMap<String, Object>();
        body.put("order", ranked);
        body.put("allow_fallbacks", allowFallbacks);
        body.put("deny", deny == null ? List.of() : deny);
        if (!Forms.blank(sort)) body.put("sort", sort);
        try {
            caller.put("/v1/preferences/models/" + path(model), body);
            redirect.addFlashAttribute("notice", "Preferences for " + model + " saved; they apply within a second.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        redirect.addAttribute("model", model);
        return "redirect:/preferences";
    }

    private static int parseRank(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** A model id in a path: its '/' stay separators (the API reads everything up to /endpoints). */
    private static String path(String model) {
        return UriUtils.encodePath(model, java.nio.charset.StandardCharsets.UTF_8);
    }
}
