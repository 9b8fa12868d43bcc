package dev.aggregator.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = PlatformArchitecture.mainClassesOf("dev.aggregator.billing");
    }

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.billing").check(classes);
    }

    @Test
    void theLedgerDependsOnNoOtherFeature() {
        noClasses()
                .that()
                .resideInAPackage("..billing.ledger..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..billing.balance..",
                        "..billing.leases..",
                        "..billing.usage..",
                        "..billing.referrals..",
                        "..billing.plans..",
                        "..billing.subscriptions..")
                .check(classes);
    }

    @Test
    void onlyTheLedgerWritesBalances() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..billing.ledger..")
                .should()
                .accessClassesThat()
                .haveSimpleName("AccountRepository")
                .orShould()
                .accessClassesThat()
                .haveSimpleName("LedgerEntryRepository")
                .check(classes);
    }
}
