package dev.aggregator.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.aggregator.common.architecture.PlatformArchitecture;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

class ArchitectureTests {

    private final JavaClasses classes = PlatformArchitecture.mainClassesOf("dev.aggregator.gateway");

    @Test
    void followsTheHouseRules() {
        PlatformArchitecture.houseRules("dev.aggregator.gateway").check(classes);
    }

    @Test
    void nothingBlocksOnAPublisher() {
        var blockingCall = DescribedPredicate.<JavaMethodCall>describe(
                "a blocking call on a Reactor publisher",
                call -> call.getTargetOwner().isAssignableTo(Publisher.class)
                        && call.getName().startsWith("block"));

        noClasses().should().callMethodWhere(blockingCall).check(classes);
    }
}
