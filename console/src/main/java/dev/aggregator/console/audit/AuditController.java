package dev.aggregator.console.audit;

import dev.aggregator.console.session.Caller;
import java.util.HashMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log (OWNER and ADMIN of a company; the platform admin sees every company's). */
@Controller
class AuditController {

    @GetMapping("/audit")
    String audit(
            Caller caller,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            Model model) {
        var query = new HashMap<String, Object>();
        query.put("action", action);
        query.put("from", from);
        query.put("to", to);
        query.put("cursor", cursor);
        var page = caller.get("/v1/audit-logs", query);
        model.addAttribute("entries", Caller.data(page));
        model.addAttribute("nextCursor", page.get("next_cursor"));
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "audit";
    }
}
