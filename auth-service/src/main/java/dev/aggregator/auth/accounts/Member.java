package dev.aggregator.auth.accounts;

import java.util.List;
import java.util.UUID;

/** A person who signs in on behalf of a company, with one role in it. */
public record Member(UUID id, UUID companyId, String email, String role) {

    public List<String> roles() {
        return List.of(role);
    }
}
