package dev.aggregator.auth.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** The registered company; {@code referral_code} is its own code, to share with others. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record CompanyResponse(
        UUID id,
        String name,
        String email,
        String description,
        String website,
        String phone,
        AddressDto address,
        String referralCode,
        Instant createdAt) {

    static CompanyResponse of(Company company) {
        var address = company.city() == null && company.country() == null
                ? null
                : new AddressDto(company.city(), company.country());
        return new CompanyResponse(
                company.id(),
                company.name(),
                company.email(),
                company.description(),
                company.website(),
                company.phone(),
                address,
                company.referralCode(),
                company.createdAt());
    }
}
