package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Signs a company up with its first member, the OWNER, and announces it. */
@Service
class RegistrationService {

    private static final int REFERRAL_CODE_ATTEMPTS = 5;

    private final CompanyRepository companies;
    private final MemberRepository members;
    private final Passwords passwords;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RegistrationService(
            CompanyRepository companies,
            MemberRepository members,
            Passwords passwords,
            OutboxWriter outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.companies = companies;
        this.members = members;
        this.passwords = passwords;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    CompanyResponse register(RegisterRequest request, String clientIp) {
        // BCrypt is slow on purpose: hash before taking a database connection, not while holding one.
        String passwordHash = passwords.hash(request.password());
        return transactions.execute(status -> register(request, passwordHash, clientIp));
    }

    private CompanyResponse register(RegisterRequest request, String passwordHash, String clientIp) {
        UUID referredBy = referrer(request.referralCode());
        String email = request.email().strip();
        if (members.existsByEmail(email)) throw emailTaken();

        var address = request.address();
        var company = insertWithFreshReferralCode(new Company(
                UUID.randomUUID(),
                request.name().strip(),
                email,
                request.description(),
                request.website(),
                request.phone(),
                address == null ? null : address.city(),
                address == null ? null : address.country(),
                null,
                referredBy,
                Timestamps.micros(clock.instant())));
        try {
            members.insert(
                    new Member(UUID.randomUUID(), company.id(), email, Identity.OWNER),
                    passwordHash,
                    company.createdAt());
        } catch (DuplicateKeyException e) {
            throw emailTaken(); // a concurrent registration won the race for this email
        }

        outbox.append(CompanyRegistered.of(company.id(), company.name(), company.referralCode(), referredBy));
        outbox.append(AuditRecorded.of(
                company.id(),
                email,
                "company.registered",
                "company:" + company.id(),
                clientIp,
                referredBy == null ? Map.of() : Map.of("referred_by_company_id", referredBy.toString())));
        return CompanyResponse.of(company);
    }

    private UUID referrer(String referralCode) {
        if (referralCode == null || referralCode.isBlank()) return null;
        return companies
                .findIdByReferralCode(ReferralCodes.normalize(referralCode))
                .orElseThrow(() -> ApiException.badRequest("referral_code", "is not a known referral code"));
    }

    private Company insertWithFreshReferralCode(Company company) {
        for (int attempt = 0; attempt < REFERRAL_CODE_ATTEMPTS; attempt++) {
            var candidate = company.withReferralCode(ReferralCodes.next());
            if (companies.insertIfAbsent(candidate)) return candidate;
        }
        throw new IllegalStateException("No free referral code after " + REFERRAL_CODE_ATTEMPTS + " attempts");
    }

    private static ApiException emailTaken() {
        return ApiException.conflict("An account with this email already exists.");
    }
}
