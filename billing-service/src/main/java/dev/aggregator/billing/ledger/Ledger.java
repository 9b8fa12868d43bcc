package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
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

    static final int DESCRIPTION_LIMIT = 500;
    private static final String NUMERIC_OVERFLOW = "22003";

    private final AccountRepository accounts;
    private final LedgerEntryRepository entries;
    private final PackageEntryRepository packageEntries;

    Ledger(AccountRepository accounts, LedgerEntryRepository entries, PackageEntryRepository packageEntries) {
        this.accounts = accounts;
        this.entries = entries;
        this.packageEntries = packageEntries;
    }

    /** Whether billing knows the company: its registration arrived, or it has moved money before. */
    @Transactional(readOnly = true)
    public boolean knows(UUID companyId) {
        return accounts.find(companyId).isPresent();
    }

    /**
     * Opens a plan period's package: what is left of an ended one expires first (as far as holds
     * granted before its end allow), then the new amount is added, lasting until {@code endsAt}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AccountBalance openPackage(UUID companyId, BigDecimal amount, Instant endsAt, String description) {
        requireAmount(amount, false);
        expireEndedPackage(companyId);
        var account = accounts.openPackage(companyId, amount, OffsetDateTime.ofInstant(endsAt, ZoneOffset.UTC));
        packageEntries.insertAll(List.of(new PackageEntryRepository.NewPackageEntry(
                companyId, PackageEntryRepository.Type.OPENED, amount, rawPackage(companyId), description, null)));
        return account;
    }

    /**
     * Expires what is left of the company's package once its period is over, except what holds
     * granted before the end still need (those go on a later run).
     *
     * @return what expired (zero when nothing could)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal expireEndedPackage(UUID companyId) {
        return accounts.expireEndedPackage(companyId)
                .map(expiry -> {
                    packageEntries.insertAll(List.of(new PackageEntryRepository.NewPackageEntry(
                            companyId,
                            PackageEntryRepository.Type.EXPIRED,
                            expiry.expired().negate(),
                            expiry.remaining(),
                            "What the plan period left unused expired",
                            null)));
                    return expiry.expired();
                })
                .orElse(BigDecimal.ZERO);
    }

    /** Companies whose ended package still has something left to expire. */
    @Transactional(readOnly = true)
    public List<UUID> companiesWithEndedPackages(int limit) {
        return accounts.withEndedPackages(limit);
    }

    private BigDecimal rawPackage(UUID companyId) {
        return accounts.rawPackage(companyId);
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

    /**
     * Grants a slice of the available funds to a lease: {@code g = min(desired, max(minimum,
     * floor8(available / 4)))}, only if {@code available >= g}, in one conditional statement.
     * So the grant is refused exactly when {@code available < minimum}.
     *
     * @param overrun what the lease being extended already charged beyond its amount: it is spent,
     *     so that part of the slice is not held again (zero for a new lease)
     * @return g, or empty with nothing changed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<BigDecimal> grantHold(UUID companyId, BigDecimal minimum, BigDecimal desired, BigDecimal overrun) {
        requireAmount(minimum, false);
        requireAmount(desired, false);
        requireAmount(overrun, true);
        return accounts.grant(companyId, minimum, desired, overrun);
    }

    /** Gives back (part of) a hold taken with {@link #grantHold}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void releaseHold(UUID companyId, BigDecimal amount) {
        requireAmount(amount, true);
        if (amount.signum() == 0) return;
        accounts.releaseAndAdd(companyId, amount, BigDecimal.ZERO).orElseThrow();
    }

    /**
     * Opens and locks the accounts (in company id order) for a batch of postings applied
     * together; see {@link LedgerBatch}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public LedgerBatch batch(Collection<UUID> companyIds) {
        return new LedgerBatch(accounts, entries, packageEntries, companyIds);
    }

    /**
     * NUMERIC(20,8) holds at most 12 integer digits; a balance pushed past that is refused as a
     * conflict instead of surfacing as a database error.
     */
    static <T> T withinRange(Supplier<T> update) {
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

    static void requireAmount(BigDecimal amount, boolean zeroAllowed) {
        if (amount == null || amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
            throw new IllegalArgumentException("amount must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
        if (!Money.fitsScale(amount)) {
            throw new IllegalArgumentException("amount has more than " + Money.SCALE + " decimal places");
        }
    }

    static String truncate(String text, int limit) {
        if (text == null || text.length() <= limit) return text;
        return text.substring(0, limit - 1) + "…";
    }
}
