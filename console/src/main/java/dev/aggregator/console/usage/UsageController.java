package dev.aggregator.console.usage;

import dev.aggregator.console.session.Caller;
import dev.aggregator.console.web.ChartData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Usage grouped by day, hour, model, provider or key (chart and table), the request log with its
 * filters and paging, and the CSV export the API writes.
 */
@Controller
class UsageController {

    static final List<String> GROUPS = List.of("day", "hour", "model", "provider", "api_key");

    @GetMapping("/usage")
    String usage(
            Caller caller,
            @RequestParam(name = "group_by", defaultValue = "day") String groupBy,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor,
            Model page) {
        var group = GROUPS.contains(groupBy) ? groupBy : "day";
        var query = new HashMap<String, Object>();
        query.put("group_by", group);
        query.put("from", from);
        query.put("to", to);
        var report = caller.get("/v1/analytics/usage", query);
        var buckets = Caller.data(report);
        page.addAttribute("groupBy", group);
        page.addAttribute("groups", GROUPS);
        page.addAttribute("from", from);
        page.addAttribute("to", to);
        page.addAttribute("buckets", buckets);
        page.addAttribute("totals", report.get("totals"));
        page.addAttribute(
                "chart",
                ChartData.requestsAndCost(buckets, group.equals("day") || group.equals("hour"))
                        .json());
        var filters = new HashMap<String, Object>();
        filters.put("model", model);
        filters.put("status", status);
        filters.put("cursor", cursor);
        filters.put("limit", 50);
        var log = caller.get("/v1/analytics/requests", filters);
        page.addAttribute("requests", Caller.data(log));
        page.addAttribute("nextCursor", log.get("next_cursor"));
        page.addAttribute("model", model);
        page.addAttribute("status", status);
        return "usage";
    }

    @GetMapping("/usage/export.csv")
    ResponseEntity<String> export(
            Caller caller,
            @RequestParam(name = "group_by", defaultValue = "day") String groupBy,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var query = new HashMap<String, Object>(Map.of("group_by", groupBy, "format", "csv"));
        query.put("from", from);
        query.put("to", to);
        var csv = caller.csv("/v1/analytics/usage", query);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("usage-" + groupBy + ".csv")
                                .build()
                                .toString())
                .body(csv);
    }
}
