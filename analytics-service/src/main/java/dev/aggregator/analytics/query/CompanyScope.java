package dev.aggregator.analytics.query;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.util.UUID;

/**
 * Whose rows a query may read: one company, or every company ({@code companyId == null}), which
 * only a platform admin can obtain.
 */
public record CompanyScope(UUID companyId) {

    public static CompanyScope platformWide() {
        return new CompanyScope(null);
    }

    public boolean isPlatformWide() {
        return companyId == null;
    }

    /** The caller's own company; a platform admin may name another one. */
    public static CompanyScope ownCompany(Identity identity, UUID requested) {
        if (requested == null) return new CompanyScope(identity.companyId());
        return chosen(identity, requested);
    }

    /** Like {@link #ownCompany}, except that a platform admin who names no company sees them all. */
    public static CompanyScope ownCompanyOrPlatform(Identity identity, UUID requested) {
        if (requested == null && identity.isPlatformAdmin()) return platformWide();
        return ownCompany(identity, requested);
    }

    private static CompanyScope chosen(Identity identity, UUID requested) {
        // Another company's data is answered as if absent (API contract: 404, never 403), the same
        // whether or not that company exists, so neither its existence nor a permission leaks.
        if (!identity.isPlatformAdmin() && !requested.equals(identity.companyId())) {
            throw ApiException.notFound("No such company.");
        }
        return new CompanyScope(requested);
    }
}
