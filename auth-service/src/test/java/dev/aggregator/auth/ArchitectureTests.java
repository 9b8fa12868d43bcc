package dev.aggregator.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aggregator.auth");

    @Test
    void featurePackagesDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.aggregator.auth.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void controllersLeaveSqlToRepositories() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(JdbcClient.class)
                .check(CLASSES);
    }

    @Test
    void dependenciesAreInjectedThroughConstructors() {
        noFields().should().beAnnotatedWith(Autowired.class).check(CLASSES);
    }

    @Test
    void supportDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.aggregator.auth.support..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.aggregator.auth.accounts..",
                        "dev.aggregator.auth.sessions..",
                        "dev.aggregator.auth.signing..",
                        "dev.aggregator.auth.apikeys..")
                .check(CLASSES);
    }
}
