package dev.aggregator.analytics;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses MAIN = PlatformArchitecture.mainClassesOf("dev.aggregator.analytics");

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.analytics").check(MAIN);
    }

    @Test
    void featuresDoNotReachIntoEachOther() {
        slices().matching("dev.aggregator.analytics.(requests|usage|performance|audit)..")
                .should()
                .notDependOnEachOther()
                .check(MAIN);
    }
}
