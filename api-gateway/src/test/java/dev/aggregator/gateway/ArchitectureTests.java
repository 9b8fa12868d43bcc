package dev.aggregator.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

class ArchitectureTests {

    private final com.tngtech.archunit.core.domain.JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aggregator.gateway");

    @Test
    void nothingBlocksOnAPublisher() {
        var blockingCall = DescribedPredicate.<JavaMethodCall>describe(
                "a blocking call on a Reactor publisher",
                call -> call.getTargetOwner().isAssignableTo(Publisher.class)
                        && call.getName().startsWith("block"));

        noClasses().should().callMethodWhere(blockingCall).check(classes);
    }
}
