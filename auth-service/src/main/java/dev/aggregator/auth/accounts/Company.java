package dev.aggregator.auth.accounts;

import java.time.Instant;
import java.util.UUID;

/** A tenant: its id is the {@code company_id} every service keys its data by. */
record Company(
        UUID id,
        String name,
        String email,
        String description,
        String website,
        String phone,
        String city,
        String country,
        String referralCode,
        UUID referredByCompanyId,
        Instant createdAt) {

    Company withReferralCode(String code) {
        return new Company(
                id, name, email, description, website, phone, city, country, code, referredByCompanyId, createdAt);
    }
}
