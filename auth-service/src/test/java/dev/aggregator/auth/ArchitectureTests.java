package dev.aggregator.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses CLASSES = PlatformArchitecture.mainClassesOf("dev.aggregator.auth");

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.auth").check(CLASSES);
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
