package dev.aggregator.console.billing;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import dev.aggregator.console.session.OnceOnlyForms;
import dev.aggregator.console.web.Forms;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Billing: the ledger with filters and its CSV, plans (subscribe, cancel), and top-ups through
 * Stripe Checkout: the console asks the API for a top-up and sends the browser to the Checkout
 * page it returns; Stripe sends the browser back to {@code /billing/top-ups/{id}}, and the balance
 * is credited by Stripe's webhook to billing, not by anything the console does. The top-up and
 * subscribe forms are once-only ({@link OnceOnlyForms}): a double submission starts one Checkout,
 * one subscription.
 */
@Controller
class BillingController {

    static final List<String> TYPES =
            List.of("CREDIT", "DEBIT", "USAGE", "SUBSCRIPTION", "REFERRAL_COMMISSION", "REFUND", "TOP_UP");

    @GetMapping("/billing")
    String billing(
            Caller caller,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpSession session,
            Model model) {
        model.addAttribute("balance", caller.get("/v1/billing/balance"));
        var filters = new HashMap<String, Object>();
        filters.put("type", type);
        filters.put("from", from);
        filters.put("to", to);
        model.addAttribute("transactions", Caller.data(caller.get("/v1/billing/transactions", filters)));
        model.addAttribute("topUps", Caller.data(caller.get("/v1/billing/top-ups")));
        var plans = Caller.data(caller.get("/v1/billing/plans"));
        model.addAttribute("plans", plans);
        model.addAttribute("topUpKey", OnceOnlyForms.issue(session));
        // One key per plan's form: subscribing to one plan is not a repeat of subscribing to another.
        model.addAttribute(
                "subscribeKeys",
                plans.stream().collect(Collectors.toMap(plan -> plan.get("id"), plan -> OnceOnlyForms.issue(session))));
        model.addAttribute("subscription", subscription(caller));
        model.addAttribute("types", TYPES);
        model.addAttribute("type", type);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "billing/billing";
    }

    @GetMapping("/billing/transactions.csv")
    ResponseEntity<String> transactionsCsv(
            Caller caller,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var query = new HashMap<String, Object>();
        query.put("format", "csv");
        query.put("type", type);
        query.put("from", from);
        query.put("to", to);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("transactions.csv")
                                .build()
                                .toString())
                .body(caller.csv("/v1/billing/transactions", query));
    }

    @PostMapping("/billing/top-ups")
    String topUp(
            Caller caller,
            @RequestParam String amount,
            @RequestParam(name = OnceOnlyForms.FIELD, required = false) String formKey,
            RedirectAttributes redirect) {
        try {
            var topUp = caller.postOnce(
                    "/v1/billing/top-ups",
                    // singletonMap: a blank amount is sent as null, for the API to refuse.
                    Collections.singletonMap("amount", Forms.number(amount)),
                    formKey);
            return "redirect:" + topUp.get("checkout_url");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
            return "redirect:/billing";
        }
    }

    /** Where Stripe Checkout sends the browser back ({@code ?checkout=success|canceled}). */
    @GetMapping("/billing/top-ups/{id}")
    String topUpReturn(
            Caller caller, @PathVariable String id, @RequestParam(required = false) String checkout, Model model) {
        var topUp = Caller.data(caller.get("/v1/billing/top-ups", Map.of("limit", 500))).stream()
                .filter(t -> id.equals(t.get("id")))
                .findFirst()
                .orElseThrow(() -> new ApiCallFailed(404, "No such top-up.", List.of()));
        model.addAttribute("topUp", topUp);
        model.addAttribute("checkout", checkout);
        model.addAttribute("balance", caller.get("/v1/billing/balance"));
        return "billing/top-up";
    }

    @PostMapping("/billing/subscriptions")
    String subscribe(
            Caller caller,
            @RequestParam(name = "plan_id") String planId,
            @RequestParam(name = OnceOnlyForms.FIELD, required = false) String formKey,
            RedirectAttributes redirect) {
        try {
            caller.postOnce("/v1/billing/subscriptions", Map.of("plan_id", planId), formKey);
            redirect.addFlashAttribute("notice", "Subscribed: the plan's package is yours for this period.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/billing";
    }

    @PostMapping("/billing/subscriptions/cancel")
    String cancel(Caller caller, RedirectAttributes redirect) {
        try {
            caller.delete("/v1/billing/subscriptions/current");
            redirect.addFlashAttribute("notice", "The subscription ends at the end of this period.");
        } catch (ApiCallFailed e) {
            redirect.addFlashAttribute("error", e.describe());
        }
        return "redirect:/billing";
    }

    private static Map<String, Object> subscription(Caller caller) {
        try {
            return caller.get("/v1/billing/subscriptions/current");
        } catch (ApiCallFailed none) {
            if (none.status() == 404) return null;
            throw none;
        }
    }
}
