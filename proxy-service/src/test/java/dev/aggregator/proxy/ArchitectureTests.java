package dev.aggregator.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aggregator.proxy");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.aggregator.proxy.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void theEndpointsAreTheTopOfTheGraph() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..chat..", "..embeddings..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..chat..", "..embeddings..")
                .check(CLASSES);
    }

    @Test
    void onlyTheUpstreamPackageTalksToProviders() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..upstream..", "..config..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.http.HttpClient")
                .check(CLASSES);
    }
}
