package dev.aggregator.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTests {

    static final JavaClasses CLASSES = PlatformArchitecture.mainClassesOf("dev.aggregator.orchestrator");

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.orchestrator").check(CLASSES);
    }

    @Test
    void controllersGoThroughServicesNotRepositories() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Repository.class)
                .check(CLASSES);
    }
}
