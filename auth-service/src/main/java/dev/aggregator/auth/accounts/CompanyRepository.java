package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.Timestamps;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CompanyRepository {

    private final JdbcClient jdbc;

    CompanyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the id or the referral code is taken already; nothing is written then. */
    boolean insertIfAbsent(Company company) {
        return jdbc.sql("""
                        INSERT INTO company (id, name, email, description, website, phone, city, country,
                                             referral_code, referred_by_company_id, created_at)
                        VALUES (:id, :name, :email, :description, :website, :phone, :city, :country,
                                :referralCode, :referredBy, :createdAt)
                        ON CONFLICT DO NOTHING""")
                        .param("id", company.id())
                        .param("name", company.name())
                        .param("email", company.email())
                        .param("description", company.description())
                        .param("website", company.website())
                        .param("phone", company.phone())
                        .param("city", company.city())
                        .param("country", company.country())
                        .param("referralCode", company.referralCode())
                        .param("referredBy", company.referredByCompanyId())
                        .param("createdAt", Timestamps.sql(company.createdAt()))
                        .update()
                == 1;
    }

    Optional<UUID> findIdByReferralCode(String referralCode) {
        return jdbc.sql("SELECT id FROM company WHERE referral_code = :code")
                .param("code", referralCode)
                .query(UUID.class)
                .optional();
    }
}
