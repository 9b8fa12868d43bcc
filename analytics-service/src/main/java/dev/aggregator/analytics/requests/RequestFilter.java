package dev.aggregator.analytics.requests;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.web.ApiException;
import java.util.Set;

/** The optional filters of the request log; blank means "any". */
record RequestFilter(String model, String status) {

    private static final Set<String> STATUSES = Set.of(UsageRecorded.SUCCESS, UsageRecorded.ERROR);

    RequestFilter {
        model = model == null || model.isBlank() ? null : model;
        status = status == null || status.isBlank() ? null : status;
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest(
                    "status", "must be one of " + UsageRecorded.SUCCESS + ", " + UsageRecorded.ERROR);
        }
    }
}
