package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The account row. Every change is a single conditional {@code UPDATE … RETURNING}: the row lock
 * it takes serialises concurrent changes to one account, and the condition is re-checked on the
 * newest row version, so no read-modify-write race can overdraw an account.
 */
@Repository
class AccountRepository {

    /**
     * The package while its period lasts: once it is over, what is left of it no longer admits
     * anything (it only backs holds granted before, until the expiry takes it).
     */
    static final String CURRENT_PACKAGE = "(CASE WHEN package_ends_at > now() THEN package_remaining ELSE 0 END)";

    private static final String BALANCE_COLUMNS =
            "company_id, balance, reserved, " + CURRENT_PACKAGE + " AS package_remaining";
    private static final String RETURNING = " RETURNING " + BALANCE_COLUMNS;

    /** The grant statement; see {@link #grant}. Funds are the balance and the current package. */
    static final String GRANT = """
            UPDATE account a
            SET reserved = a.reserved + GREATEST(0, g.amount - :overrun), updated_at = now()
            FROM (SELECT company_id, funds,
                         LEAST(:desired, GREATEST(:minimum, floor(funds * 25000000) / 100000000)) AS amount
                  FROM (SELECT company_id, balance + %s - reserved AS funds
                        FROM account WHERE company_id = :company FOR UPDATE) f) g
            WHERE a.company_id = g.company_id AND a.company_id = :company AND g.funds >= g.amount
            RETURNING g.amount AS granted""".formatted(CURRENT_PACKAGE);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    AccountRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
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
        return jdbc.sql("SELECT " + BALANCE_COLUMNS + " FROM account WHERE company_id = ?")
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

    /**
     * Takes {@code amount} from the balance only if that much is available (see {@link
     * AccountBalance#available()}: holds count against the current package first); empty otherwise.
     */
    Optional<AccountBalance> subtractIfAvailable(UUID companyId, BigDecimal amount) {
        return jdbc.sql("""
                        UPDATE account SET balance = balance - :amount, updated_at = now()
                        WHERE company_id = :company
                          AND balance - GREATEST(0, reserved - %s) >= :amount""".formatted(CURRENT_PACKAGE) + RETURNING)
                .param("amount", amount)
                .param("company", companyId)
                .query(AccountRepository::balance)
                .optional();
    }

    /**
     * Grants a lease slice in one conditional statement: {@code g = min(desired, max(minimum,
     * floor8(available / 4)))}, granted only if {@code available >= g}. The subquery locks the row
     * first, so g is computed from the same (newest) row version that the condition checks: no
     * read-modify-write race, and the 402 is exact (refused iff available < minimum). {@code
     * overrun} is what a lease being extended already charged beyond its amount; that part of the
     * slice is spent already and is not added to reserved again.
     *
     * @return g, or empty (nothing changed) when the account is missing or short
     */
    Optional<BigDecimal> grant(UUID companyId, BigDecimal minimum, BigDecimal desired, BigDecimal overrun) {
        return jdbc.sql(GRANT)
                .param("company", companyId)
                .param("minimum", minimum)
                .param("desired", desired)
                .param("overrun", overrun)
                .query((rs, row) -> rs.getBigDecimal("granted"))
                .optional();
    }

    /**
     * Opens the accounts that do not exist yet and locks all of them in company id order, so
     * that batches locking overlapping sets of accounts never deadlock.
     */
    List<LedgerBatch.LockedAccount> openAndLock(Collection<UUID> companyIds) {
        var sorted = new TreeSet<>(companyIds);
        if (sorted.isEmpty()) return List.of();
        jdbc.sql("INSERT INTO account (company_id) SELECT id FROM unnest(ARRAY[:ids]::uuid[]) AS t (id) ORDER BY id"
                        + " ON CONFLICT (company_id) DO NOTHING")
                .param("ids", sorted)
                .update();
        return jdbc.sql("""
                        SELECT company_id, balance, reserved, package_remaining,
                               COALESCE(package_ends_at > now(), false) AS package_current,
                               name, referred_by_company_id FROM account
                        WHERE company_id IN (:ids) ORDER BY company_id FOR UPDATE""")
                .param("ids", sorted)
                .query((rs, row) -> new LedgerBatch.LockedAccount(
                        rs.getObject("company_id", UUID.class),
                        rs.getBigDecimal("balance"),
                        rs.getBigDecimal("reserved"),
                        rs.getBigDecimal("package_remaining"),
                        rs.getBoolean("package_current"),
                        rs.getString("name"),
                        rs.getObject("referred_by_company_id", UUID.class)))
                .list();
    }

    /**
     * Applies the net change of each (already locked) account, one statement per account sent
     * in one batch, and checks that the database ends where the caller's running figures did.
     */
    void applyChanges(List<LedgerBatch.AccountChange> changes) {
        if (changes.isEmpty()) return;
        var rows = changes.stream()
                .map(c -> new Object[] {c.balanceDelta(), c.reservedDelta(), c.packageDelta(), c.companyId()})
                .toList();
        jdbcTemplate.batchUpdate(
                "UPDATE account SET balance = balance + ?, reserved = reserved + ?,"
                        + " package_remaining = package_remaining + ?, updated_at = now() WHERE company_id = ?",
                rows,
                new int[] {Types.NUMERIC, Types.NUMERIC, Types.NUMERIC, Types.OTHER});
        var expected = new HashMap<UUID, AccountBalance>();
        changes.forEach(c -> expected.put(c.companyId(), c.expected()));
        var actual = jdbc.sql(
                        "SELECT company_id, balance, reserved, package_remaining FROM account WHERE company_id IN (:ids)")
                .param("ids", expected.keySet())
                .query(AccountRepository::balance)
                .list();
        for (var account : actual) {
            var want = expected.get(account.companyId());
            if (account.balance().compareTo(want.balance()) != 0
                    || account.reserved().compareTo(want.reserved()) != 0
                    || account.packageRemaining().compareTo(want.packageRemaining()) != 0) {
                throw new IllegalStateException("account " + account.companyId() + " ended at " + account
                        + " instead of " + want + ": a change bypassed the row lock");
            }
        }
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

    /**
     * Opens a package of {@code amount} lasting until {@code endsAt} on an account locked by the
     * caller whose previous package is used up or expired.
     */
    AccountBalance openPackage(UUID companyId, BigDecimal amount, OffsetDateTime endsAt) {
        return jdbc.sql("UPDATE account SET package_remaining = package_remaining + :amount, package_ends_at = :endsAt,"
                        + " updated_at = now() WHERE company_id = :company" + RETURNING)
                .param("amount", amount)
                .param("endsAt", endsAt)
                .param("company", companyId)
                .query(AccountRepository::balance)
                .single();
    }

    /**
     * Takes what is left of an ended package, as far as holds granted before its end do not need
     * it: {@code min(package, max(0, balance + package - reserved))}, so that reserved stays covered
     * and what the holds do not use goes the next time round.
     *
     * @return what expired, the package after it
     */
    Optional<PackageExpiry> expireEndedPackage(UUID companyId) {
        return jdbc.sql("""
                        UPDATE account a SET package_remaining = a.package_remaining - e.amount, updated_at = now()
                        FROM (SELECT company_id,
                                     LEAST(package_remaining, GREATEST(0, balance + package_remaining - reserved)) AS amount
                              FROM account WHERE company_id = :company FOR UPDATE) e
                        WHERE a.company_id = e.company_id AND e.amount > 0
                          AND (a.package_ends_at IS NULL OR a.package_ends_at <= now())
                        RETURNING e.amount AS expired, a.package_remaining AS remaining""")
                .param("company", companyId)
                .query((rs, row) -> new PackageExpiry(rs.getBigDecimal("expired"), rs.getBigDecimal("remaining")))
                .optional();
    }

    record PackageExpiry(BigDecimal expired, BigDecimal remaining) {}

    /** The package as stored, whether its period is over or not. */
    BigDecimal rawPackage(UUID companyId) {
        return jdbc.sql("SELECT package_remaining FROM account WHERE company_id = ?")
                .param(companyId)
                .query(BigDecimal.class)
                .single();
    }

    /** Companies whose ended package still has something left, a page at a time. */
    List<UUID> withEndedPackages(int limit) {
        return jdbc.sql("""
                        SELECT company_id FROM account
                        WHERE package_remaining > 0 AND (package_ends_at IS NULL OR package_ends_at <= now())
                        ORDER BY company_id LIMIT ?""").param(limit).query(UUID.class).list();
    }

    private static AccountBalance balance(ResultSet rs, int row) throws SQLException {
        return new AccountBalance(
                rs.getObject("company_id", UUID.class),
                rs.getBigDecimal("balance"),
                rs.getBigDecimal("reserved"),
                rs.getBigDecimal("package_remaining"));
    }
}
