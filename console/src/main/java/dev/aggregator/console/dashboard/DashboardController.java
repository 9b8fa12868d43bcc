package dev.aggregator.console.dashboard;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.session.Caller;
import dev.aggregator.console.web.ChartData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The company at a glance: balance, reserved funds, the plan's package left, this month's spend
 * per key against its cap, requests and cost per day, and the top models and providers. Every
 * figure is the API's own; the page adds nothing up but what it shows side by side.
 */
@Controller
class DashboardController {

    @GetMapping("/dashboard")
    String dashboard(Caller caller, Model model) {
        var monthStart = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
        model.addAttribute("balance", caller.get("/v1/billing/balance"));
        model.addAttribute("subscription", subscription(caller));
        var daily = Caller.data(caller.get("/v1/analytics/usage", Map.of("group_by", "day")));
        model.addAttribute("daily", daily);
        model.addAttribute("dailyChart", ChartData.requestsAndCost(daily, true).json());
        var month = caller.get("/v1/analytics/usage", Map.of("group_by", "model", "from", monthStart));
        model.addAttribute("monthTotals", month.get("totals"));
        model.addAttribute("topModels", top(Caller.data(month)));
        model.addAttribute(
                "topProviders",
                top(Caller.data(
                        caller.get("/v1/analytics/usage", Map.of("group_by", "provider", "from", monthStart)))));
        model.addAttribute("caps", caps(caller, monthStart));
        return "dashboard";
    }

    private static Map<String, Object> subscription(Caller caller) {
        try {
            return caller.get("/v1/billing/subscriptions/current");
        } catch (ApiCallFailed none) {
            if (none.status() == 404) return null;
            throw none;
        }
    }

    private static List<Map<String, Object>> top(List<Map<String, Object>> buckets) {
        return buckets.subList(0, Math.min(5, buckets.size()));
    }

    /** Each key with a monthly cap: what it spent this month (UTC) and its cap. */
    private static List<Map<String, Object>> caps(Caller caller, String monthStart) {
        var spent = new HashMap<Object, Object>();
        for (var bucket :
                Caller.data(caller.get("/v1/analytics/usage", Map.of("group_by", "api_key", "from", monthStart)))) {
            spent.put(bucket.get("bucket"), bucket.get("cost"));
        }
        var caps = new ArrayList<Map<String, Object>>();
        for (var key : Caller.data(caller.get("/v1/auth/api-keys"))) {
            if (key.get("monthly_spend_limit") == null || key.get("revoked_at") != null) continue;
            caps.add(Map.of(
                    "name", key.get("name"),
                    "spent", spent.getOrDefault(key.get("id"), BigDecimal.ZERO),
                    "cap", key.get("monthly_spend_limit")));
        }
        return caps;
    }
}
