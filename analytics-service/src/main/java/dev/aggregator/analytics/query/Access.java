package dev.aggregator.analytics.query;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;

/** Who may read what. The gateway checks API-key scopes too; this holds if a route is ever misconfigured. */
public final class Access {

    public static final String ANALYTICS_READ_SCOPE = "analytics:read";

    private Access() {}

    /** Any member of the company, or an API key with the {@code analytics:read} scope. */
    public static void requireAnalyticsReader(Identity identity) {
        if (identity.isApiKey() && !identity.scopes().contains(ANALYTICS_READ_SCOPE)) {
            throw ApiException.forbidden("This API key lacks the " + ANALYTICS_READ_SCOPE + " scope.");
        }
    }

    /** The company's OWNER and ADMIN members, and platform admins; never an API key. */
    public static void requireAuditReader(Identity identity) {
        if (identity.isApiKey()) throw ApiException.forbidden("The audit log is not readable with an API key.");
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
    }
}
