package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the platform's own company and its PLATFORM_ADMIN at first start. Every write is an
 * insert-if-absent, so restarts and instances starting side by side are harmless, and an existing
 * admin's password is never overwritten.
 */
@Component
class PlatformAdminBootstrap implements ApplicationRunner {

    static final UUID PLATFORM_COMPANY_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    // Contains an O, which generated codes never do, so no registration can draw it.
    static final String PLATFORM_REFERRAL_CODE = "PLATFORM";

    private static final Logger log = LoggerFactory.getLogger(PlatformAdminBootstrap.class);

    private final PlatformAdminProperties properties;
    private final CompanyRepository companies;
    private final MemberRepository members;
    private final Passwords passwords;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PlatformAdminBootstrap(
            PlatformAdminProperties properties,
            CompanyRepository companies,
            MemberRepository members,
            Passwords passwords,
            OutboxWriter outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.properties = properties;
        this.companies = companies;
        this.members = members;
        this.passwords = passwords;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        var now = Timestamps.micros(clock.instant());
        transactions.executeWithoutResult(status -> {
            var company = new Company(
                    PLATFORM_COMPANY_ID,
                    properties.companyName(),
                    properties.email(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    PLATFORM_REFERRAL_CODE,
                    null,
                    now);
            if (companies.insertIfAbsent(company)) {
                outbox.append(CompanyRegistered.of(company.id(), company.name(), company.referralCode(), null));
            }
        });
        if (members.existsByEmail(properties.email())) {
            warnIfNotAdmin();
            return;
        }
        String passwordHash = passwords.hash(properties.password());
        var admin = new Member(UUID.randomUUID(), PLATFORM_COMPANY_ID, properties.email(), Identity.PLATFORM_ADMIN);
        if (transactions.execute(status -> members.insertIfAbsent(admin, passwordHash, now))) {
            log.info("Created the platform admin account");
        }
    }

    private void warnIfNotAdmin() {
        members.findCredentialsByEmail(properties.email())
                .map(MemberCredentials::member)
                .filter(member -> !Identity.PLATFORM_ADMIN.equals(member.role()))
                .ifPresent(
                        member -> log.warn(
                                "The configured platform admin email belongs to a company member; no platform admin was created"));
    }
}
