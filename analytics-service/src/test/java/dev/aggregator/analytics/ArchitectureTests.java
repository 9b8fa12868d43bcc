package dev.aggregator.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aggregator.analytics");

    @Test
    void featuresDoNotReachIntoEachOther() {
        slices().matching("dev.aggregator.analytics.(requests|usage|performance|audit)..")
                .should()
                .notDependOnEachOther()
                .check(MAIN);
    }

    @Test
    void controllersLeaveSqlToRepositories() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
                .check(MAIN);
    }

    @Test
    void dependenciesAreInjectedThroughConstructors() {
        NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(MAIN);
    }
}
