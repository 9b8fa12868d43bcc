package dev.aggregator.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aggregator.billing");
    }

    @Test
    void dependenciesAreInjectedThroughConstructors() {
        fields().should().notBeAnnotatedWith(Autowired.class).check(classes);
    }

    @Test
    void controllersDoNotTalkToTheDatabase() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(JdbcClient.class)
                .check(classes);
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
                        "..billing.reservations..",
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
