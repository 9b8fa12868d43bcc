package dev.aggregator.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses CLASSES = PlatformArchitecture.mainClassesOf("dev.aggregator.proxy");

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.proxy").check(CLASSES);
    }

    @Test
    void theEndpointsAreTheTopOfTheGraph() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..chat..", "..embeddings..", "..responses..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..chat..", "..embeddings..", "..responses..")
                .check(CLASSES);
    }

    @Test
    void onlyTheUpstreamPackageTalksToProviders() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..upstream..", "..config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.hc.client5..", "java.net.http..")
                .check(CLASSES);
    }
}
