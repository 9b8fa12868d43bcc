package dev.aggregator.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;
import org.springframework.web.bind.annotation.RestController;

/**
 * The house rules every service keeps (style.md), written once: each service's
 * {@code ArchitectureTests} checks them against its own classes and adds its own rules.
 */
public final class PlatformArchitecture {

    private PlatformArchitecture() {}

    /** The service's production classes (no tests). */
    public static JavaClasses mainClassesOf(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /**
     * Constructor injection only; controllers never touch SQL; the feature packages below
     * {@code basePackage} depend on each other without cycles.
     */
    public static ArchRule houseRules(String basePackage) {
        return CompositeArchRule.of(List.of(
                NO_CLASSES_SHOULD_USE_FIELD_INJECTION,
                noClasses()
                        .that()
                        .areAnnotatedWith(RestController.class)
                        .should()
                        .dependOnClassesThat()
                        .haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
                        .as("controllers leave SQL to repositories"),
                slices().matching(basePackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .as("feature packages of " + basePackage + " are free of cycles")));
    }
}
