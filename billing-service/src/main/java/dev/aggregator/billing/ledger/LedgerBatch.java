package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Many postings to a set of accounts locked up front, applied together: one {@code UPDATE} per
 * account and one batch of ledger entries, instead of one statement pair per posting. Used by
 * usage settlement, where a batch of events touches few accounts many times.
 *
 * <p>The accounts are locked in company id order when the batch is created; the running figures
 * kept here are therefore the accounts' real figures, and each entry's {@code balance_after} is
 * exact. {@link #apply()} checks that the accounts end where the running figures did.
 */
public final class LedgerBatch {

    /** An account row as locked, with what a referral commission needs to know about it. */
    record LockedAccount(
            UUID companyId,
            BigDecimal balance,
            BigDecimal reserved,
            BigDecimal packageRemaining,
            boolean packageCurrent,
            String name,
            UUID referredBy) {}

    /** The net change of one account, and the figures it must end at (the package as stored). */
    record AccountChange(
            UUID companyId,
            BigDecimal balanceDelta,
            BigDecimal reservedDelta,
            BigDecimal packageDelta,
            AccountBalance expected) {}

    /** How one usage charge was paid. */
    public record Drawn(BigDecimal fromPackage, BigDecimal fromBalance) {}

    /** An entry to insert; the id is chosen here so that other rows can refer to it. */
    record NewEntry(
            UUID id,
            UUID companyId,
            EntryType type,
            BigDecimal amount,
            BigDecimal balanceAfter,
            String description,
            String requestId) {}

    private static final class Running {
        final LockedAccount locked;
        BigDecimal balance;
        BigDecimal reserved;
        BigDecimal packageRemaining;

        Running(LockedAccount locked) {
            this.locked = locked;
            this.balance = locked.balance();
            this.reserved = locked.reserved();
            this.packageRemaining = locked.packageRemaining();
        }
    }

    private final AccountRepository accounts;
    private final LedgerEntryRepository entries;
    private final PackageEntryRepository packageEntries;
    private final Map<UUID, Running> locked = new LinkedHashMap<>();
    private final List<NewEntry> pending = new ArrayList<>();
    private final List<PackageEntryRepository.NewPackageEntry> pendingPackage = new ArrayList<>();
    private boolean applied;

    LedgerBatch(
            AccountRepository accounts,
            LedgerEntryRepository entries,
            PackageEntryRepository packageEntries,
            Collection<UUID> companyIds) {
        this.accounts = accounts;
        this.entries = entries;
        this.packageEntries = packageEntries;
        lock(companyIds);
    }

    /**
     * Adds accounts to the batch (opening them if needed). Locks taken after the first ones are
     * out of company id order, so call this only for what could not be known up front.
     */
    public void include(Collection<UUID> companyIds) {
        var missing = companyIds.stream().filter(id -> !locked.containsKey(id)).toList();
        if (!missing.isEmpty()) lock(missing);
    }

    public boolean includes(UUID companyId) {
        return locked.containsKey(companyId);
    }

    /** The company that referred this one, as the locked row says. */
    public Optional<UUID> referrerOf(UUID companyId) {
        return Optional.ofNullable(running(companyId).locked.referredBy());
    }

    /** The company's own name as registered, if known. */
    public Optional<String> nameOf(UUID companyId) {
        return Optional.ofNullable(running(companyId).locked.name());
    }

    /** The balance including everything posted to this batch so far. */
    public BigDecimal balance(UUID companyId) {
        return running(companyId).balance;
    }

    /**
     * Charges money already spent (never refused) and returns {@code release} of the company's
     * reserved funds in the same change.
     *
     * @return the new entry's id
     */
    public UUID charge(
            UUID companyId,
            EntryType type,
            BigDecimal magnitude,
            BigDecimal release,
            String description,
            String requestId) {
        if (type.sign() > 0) throw new IllegalArgumentException(type + " adds money");
        Ledger.requireAmount(magnitude, false);
        Ledger.requireAmount(release, true);
        var account = running(companyId);
        releaseLocked(account, release);
        return post(account, type, magnitude.negate(), description, requestId);
    }

    private static void releaseLocked(Running account, BigDecimal release) {
        if (account.reserved.compareTo(release) < 0) {
            throw new IllegalStateException("releasing " + release + " of " + account.reserved + " reserved");
        }
        account.reserved = account.reserved.subtract(release);
    }

    /**
     * Charges a request's usage (money already spent, never refused), drawn from the package first
     * while its period lasts; once it is over, from the balance first, and from what is left of the
     * package only as far as the balance cannot pay (that leftover backs holds granted before the
     * end, so a request admitted against it never drives the balance below zero). Returns {@code
     * release} of the company's reserved funds in the same change. Writes a DRAWN package entry
     * and a USAGE entry for what each paid, none for a part that is zero.
     */
    public Drawn chargeUsage(
            UUID companyId, BigDecimal magnitude, BigDecimal release, String description, String requestId) {
        Ledger.requireAmount(magnitude, false);
        Ledger.requireAmount(release, true);
        var account = running(companyId);
        releaseLocked(account, release);
        BigDecimal fromPackage = account.locked.packageCurrent()
                ? magnitude.min(account.packageRemaining)
                : magnitude
                        .subtract(account.balance.max(BigDecimal.ZERO))
                        .max(BigDecimal.ZERO)
                        .min(account.packageRemaining);
        BigDecimal fromBalance = magnitude.subtract(fromPackage);
        if (fromPackage.signum() > 0)
            postPackage(account, PackageEntryRepository.Type.DRAWN, fromPackage.negate(), description, requestId);
        if (fromBalance.signum() > 0) post(account, EntryType.USAGE, fromBalance.negate(), description, requestId);
        return new Drawn(fromPackage, fromBalance);
    }

    /**
     * Gives back part of a usage charge and holds {@code reserveAgain} of it for the lease that
     * had drawn it, so that the lease holds again what its holder counts on. What the balance
     * paid goes back first (a positive USAGE entry), then, up to {@code packageShare}, to the
     * package (a RESTORED entry).
     *
     * @param packageShare what the request drew from the package so far
     * @return how the give-back was split
     */
    public Drawn correctUsage(
            UUID companyId,
            BigDecimal magnitude,
            BigDecimal reserveAgain,
            BigDecimal packageShare,
            BigDecimal balanceShare,
            String description,
            String requestId) {
        Ledger.requireAmount(magnitude, false);
        Ledger.requireAmount(reserveAgain, true);
        var account = running(companyId);
        account.reserved = account.reserved.add(reserveAgain);
        BigDecimal toBalance = magnitude.min(balanceShare.max(BigDecimal.ZERO));
        BigDecimal toPackage = magnitude.subtract(toBalance).min(packageShare.max(BigDecimal.ZERO));
        toBalance = magnitude.subtract(toPackage);
        if (toBalance.signum() > 0) post(account, EntryType.USAGE, toBalance, description, requestId);
        if (toPackage.signum() > 0) {
            postPackage(account, PackageEntryRepository.Type.RESTORED, toPackage, description, requestId);
        }
        return new Drawn(toPackage, toBalance);
    }

    /** Credits the company (a referral commission, say). @return the new entry's id */
    public UUID credit(UUID companyId, EntryType type, BigDecimal magnitude, String description) {
        if (type.sign() < 0) throw new IllegalArgumentException(type + " takes money");
        Ledger.requireAmount(magnitude, false);
        return post(running(companyId), type, magnitude, description, null);
    }

    /** Writes the batch: the account changes, then the entries in the order they were posted. */
    public void apply() {
        if (applied) throw new IllegalStateException("ledger batch applied twice");
        applied = true;
        var changes = new ArrayList<AccountChange>();
        for (var account : locked.values()) {
            var balanceDelta = account.balance.subtract(account.locked.balance());
            var reservedDelta = account.reserved.subtract(account.locked.reserved());
            var packageDelta = account.packageRemaining.subtract(account.locked.packageRemaining());
            if (balanceDelta.signum() == 0 && reservedDelta.signum() == 0 && packageDelta.signum() == 0) continue;
            changes.add(new AccountChange(
                    account.locked.companyId(),
                    balanceDelta,
                    reservedDelta,
                    packageDelta,
                    new AccountBalance(
                            account.locked.companyId(), account.balance, account.reserved, account.packageRemaining)));
        }
        Ledger.withinRange(() -> {
            accounts.applyChanges(changes);
            return null;
        });
        entries.insertAll(pending);
        packageEntries.insertAll(pendingPackage);
    }

    private void postPackage(
            Running account,
            PackageEntryRepository.Type type,
            BigDecimal signed,
            String description,
            String requestId) {
        if (applied) throw new IllegalStateException("ledger batch already applied");
        account.packageRemaining = account.packageRemaining.add(signed);
        pendingPackage.add(new PackageEntryRepository.NewPackageEntry(
                account.locked.companyId(), type, signed, account.packageRemaining, description, requestId));
    }

    private UUID post(Running account, EntryType type, BigDecimal signed, String description, String requestId) {
        if (applied) throw new IllegalStateException("ledger batch already applied");
        account.balance = account.balance.add(signed);
        var entry = new NewEntry(
                UUID.randomUUID(),
                account.locked.companyId(),
                type,
                signed,
                account.balance,
                Ledger.truncate(description, Ledger.DESCRIPTION_LIMIT),
                requestId);
        pending.add(entry);
        return entry.id();
    }

    private Running running(UUID companyId) {
        var account = locked.get(companyId);
        if (account == null) throw new IllegalArgumentException("account " + companyId + " is not in this batch");
        return account;
    }

    private void lock(Collection<UUID> companyIds) {
        for (var account : accounts.openAndLock(companyIds)) {
            locked.put(account.companyId(), new Running(account));
        }
    }
}
