package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way money moves. Each posting changes the account with one conditional {@code UPDATE
 * … RETURNING} and records the signed entry with the balance it produced, inside the caller's
 * transaction, so that {@code sum(ledger.amount) = balance} holds after every commit.
 *
 * <p>Amounts passed in are magnitudes (positive); the entry type decides the sign. Nothing here
 * rounds: an amount that does not fit 8 decimal places is refused rather than silently rounded
 * by the database.
 */
@Service
public class Ledger {

    private static final int DESCRIPTION_LIMIT = 500;
    private static final String NUMERIC_OVERFLOW = "22003";

    private final AccountRepository accounts;
    private final LedgerEntryRepository entries;

    Ledger(AccountRepository accounts, LedgerEntryRepository entries) {
        this.accounts = accounts;
        this.entries = entries;
    }

    /** Opens the company's account unless it has one; events may arrive in any order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void open(UUID companyId) {
        accounts.open(companyId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void register(UUID companyId, String name, String referralCode, UUID referredByCompanyId) {
        accounts.register(
                companyId,
                truncate(name, 500),
                truncate(referralCode, 100),
                companyId.equals(referredByCompanyId) ? null : referredByCompanyId);
    }

    /** The account now; zeros for a company that has none yet. */
    @Transactional(readOnly = true)
    public AccountBalance balance(UUID companyId) {
        return accounts.find(companyId).orElseGet(() -> AccountBalance.empty(companyId));
    }

    /** Posts an entry that is never refused: a credit, or money already spent. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Posting post(UUID companyId, EntryType type, BigDecimal magnitude, String description, String requestId) {
        BigDecimal delta = signed(type, magnitude);
        var account = withinRange(() -> accounts.add(companyId, delta).orElseGet(() -> {
            accounts.open(companyId);
            return accounts.add(companyId, delta).orElseThrow();
        }));
        return record(account, type, delta, description, requestId);
    }

    /**
     * Posts a charge only if the account's available funds (balance minus reserved) cover it;
     * empty, with nothing changed, when they do not.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Posting> postIfAvailable(
            UUID companyId, EntryType type, BigDecimal magnitude, String description, String requestId) {
        if (type.sign() > 0) throw new IllegalArgumentException(type + " adds money; use post");
        BigDecimal delta = signed(type, magnitude);
        return accounts.subtractIfAvailable(companyId, magnitude)
                .map(account -> record(account, type, delta, description, requestId));
    }

    /** Reserves {@code amount} of the available funds; false, with nothing changed, if short. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean hold(UUID companyId, BigDecimal amount) {
        requireAmount(amount, true);
        return accounts.hold(companyId, amount);
    }

    /** Gives back a hold taken with {@link #hold}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void releaseHold(UUID companyId, BigDecimal amount) {
        requireAmount(amount, true);
        if (amount.signum() == 0) return;
        accounts.releaseAndAdd(companyId, amount, BigDecimal.ZERO).orElseThrow();
    }

    /**
     * Settles a request: gives back what was held for it and charges what it really cost, in one
     * statement. The cost is charged in full even when it exceeds the hold (the prompt estimate
     * was low), so the balance may end slightly below zero; the next reservation is then refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Posting> settleUsage(
            UUID companyId, BigDecimal held, BigDecimal cost, String description, String requestId) {
        requireAmount(held, true);
        requireAmount(cost, true);
        if (cost.signum() == 0) {
            releaseHold(companyId, held);
            return Optional.empty();
        }
        BigDecimal delta = cost.negate();
        var account = accounts.releaseAndAdd(companyId, held, delta).orElseGet(() -> {
            accounts.open(companyId);
            return accounts.releaseAndAdd(companyId, held, delta).orElseThrow();
        });
        return Optional.of(record(account, EntryType.USAGE, delta, description, requestId));
    }

    /**
     * NUMERIC(20,8) holds at most 12 integer digits; a balance pushed past that is refused as a
     * conflict instead of surfacing as a database error.
     */
    private static <T> T withinRange(Supplier<T> update) {
        try {
            return update.get();
        } catch (DataIntegrityViolationException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && NUMERIC_OVERFLOW.equals(sql.getSQLState())) {
                throw ApiException.conflict("The balance would exceed the largest amount an account can hold.");
            }
            throw e;
        }
    }

    private Posting record(
            AccountBalance account, EntryType type, BigDecimal delta, String description, String requestId) {
        var entry = entries.insert(
                account.companyId(),
                type,
                delta,
                account.balance(),
                truncate(description, DESCRIPTION_LIMIT),
                requestId);
        return new Posting(entry, account);
    }

    private static BigDecimal signed(EntryType type, BigDecimal magnitude) {
        requireAmount(magnitude, false);
        return type.sign() > 0 ? magnitude : magnitude.negate();
    }

    private static void requireAmount(BigDecimal amount, boolean zeroAllowed) {
        if (amount == null || amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
            throw new IllegalArgumentException("amount must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
        if (!Money.fitsScale(amount)) {
            throw new IllegalArgumentException("amount has more than " + Money.SCALE + " decimal places");
        }
    }

    private static String truncate(String text, int limit) {
        if (text == null || text.length() <= limit) return text;
        return text.substring(0, limit - 1) + "…";
    }
}
