package dev.aggregator.common.events;

import java.time.Instant;
import java.util.UUID;

/** A company signed up; {@code referredByCompanyId} is set when it used a referral code. */
public record CompanyRegistered(
        UUID eventId, Instant occurredAt, UUID companyId, String name, String referralCode, UUID referredByCompanyId)
        implements DomainEvent {

    public static final String TYPE = "company.registered";

    public static CompanyRegistered of(UUID companyId, String name, String referralCode, UUID referredByCompanyId) {
        return new CompanyRegistered(
                UUID.randomUUID(), Instant.now(), companyId, name, referralCode, referredByCompanyId);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
