package dev.aggregator.auth.accounts;

import dev.aggregator.common.identity.Identity;
import java.util.List;
import java.util.UUID;

/** The caller as the platform sees it: a member (roles) or an API key (scopes). */
record MeResponse(UUID companyId, UUID userId, String email, List<String> roles, UUID apiKeyId, List<String> scopes) {

    static MeResponse of(Identity identity) {
        if (identity.isApiKey()) {
            return new MeResponse(
                    identity.companyId(),
                    null,
                    null,
                    null,
                    identity.apiKeyId(),
                    identity.scopes().stream().sorted().toList());
        }
        return new MeResponse(
                identity.companyId(),
                identity.userId(),
                identity.email(),
                identity.roles().stream().sorted().toList(),
                null,
                null);
    }
}
