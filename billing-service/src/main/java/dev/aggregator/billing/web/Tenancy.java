package dev.aggregator.billing.web;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.util.UUID;

/** Whose billing data a caller may read. */
public final class Tenancy {

    private Tenancy() {}

    /**
     * The caller's own company, or the one asked for by a {@code PLATFORM_ADMIN}. Anyone else
     * asking for another company gets a 404, so existence is never leaked.
     */
    public static UUID companyFor(Identity identity, UUID requestedCompanyId) {
        if (requestedCompanyId == null || requestedCompanyId.equals(identity.companyId())) {
            return identity.companyId();
        }
        if (identity.isPlatformAdmin()) return requestedCompanyId;
        throw ApiException.notFound("No billing account found for that company.");
    }
}
