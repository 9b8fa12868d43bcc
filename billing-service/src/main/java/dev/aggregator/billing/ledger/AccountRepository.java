package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The account row. Every change is a single conditional {@code UPDATE … RETURNING}: the row lock
 * it takes serialises concurrent changes to one account, and the condition is re-checked on the
 * newest row version, so no read-modify-write race can overdraw an account.
 */
@Repository
class AccountRepository {

    private static final String RETURNING = " RETURNING company_id, balance, reserved";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void open(UUID companyId) {
        jdbc.sql("INSERT INTO account (company_id) VALUES (?) ON CONFLICT (company_id) DO NOTHING")
                .param(companyId)
                .update();
    }

    /** Opens the account, or fills in what the registration event knows about an open one. */
    void register(UUID companyId, String name, String referralCode, UUID referredByCompanyId) {
        jdbc.sql("""
                        INSERT INTO account (company_id, name, referral_code, referred_by_company_id)
                        VALUES (:company, :name, :code, :referrer)
                        ON CONFLICT (company_id) DO UPDATE SET
                            name = EXCLUDED.name,
                            referral_code = EXCLUDED.referral_code,
                            referred_by_company_id = COALESCE(account.referred_by_company_id, EXCLUDED.referred_by_company_id),
                            updated_at = now()""")
                .param("company", companyId)
                .param("name", name)
                .param("code", referralCode)
                .param("referrer", referredByCompanyId)
                .update();
    }

    Optional<AccountBalance> find(UUID companyId) {
        return jdbc.sql("SELECT company_id, balance, reserved FROM account WHERE company_id = ?")
                .param(companyId)
                .query(AccountRepository::balance)
                .optional();
    }

    /** Adds a signed amount unconditionally; empty when the account does not exist. */
    Optional<AccountBalance> add(UUID companyId, BigDecimal delta) {
        return jdbc.sql("UPDATE account SET balance = balance + :delta, updated_at = now() WHERE company_id = :company"
                        + RETURNING)
                .param("delta", delta)
                .param("company", companyId)
                .query(AccountRepository::balance)
                .optional();
    }

    /** Takes {@code amount} from the balance only if that much is available; empty otherwise. */
    Optional<AccountBalance> subtractIfAvailable(UUID companyId, BigDecimal amount) {
        return jdbc.sql("""
                        UPDATE account SET balance = balance - :amount, updated_at = now()
                        WHERE company_id = :company AND balance - reserved >= :amount""" + RETURNING)
                .param("amount", amount)
                .param("company", companyId)
                .query(AccountRepository::balance)
                .optional();
    }

    /** Moves {@code amount} from available to reserved only if that much is available. */
    boolean hold(UUID companyId, BigDecimal amount) {
        return jdbc.sql("""
                                UPDATE account SET reserved = reserved + :amount, updated_at = now()
                                WHERE company_id = :company AND balance - reserved >= :amount""").param("amount", amount).param("company", companyId).update() == 1;
    }

    /** Returns a hold and applies a signed balance change in one statement. */
    Optional<AccountBalance> releaseAndAdd(UUID companyId, BigDecimal held, BigDecimal delta) {
        return jdbc.sql("""
                        UPDATE account SET reserved = reserved - :held, balance = balance + :delta, updated_at = now()
                        WHERE company_id = :company""" + RETURNING)
                .param("held", held)
                .param("delta", delta)
                .param("company", companyId)
                .query(AccountRepository::balance)
                .optional();
    }

    private static AccountBalance balance(ResultSet rs, int row) throws SQLException {
        return new AccountBalance(
                rs.getObject("company_id", UUID.class), rs.getBigDecimal("balance"), rs.getBigDecimal("reserved"));
    }
}
