package io.aloft.runtime.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies run one way (DESIGN.md): api, web, cli on top; scheduler and execution over store and model;
 * the Python host ({@code python}) under both DAG-file parsing and task execution.
 */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.aloft.runtime");
  }

  @Test
  void dagfileKnowsNothingOfSchedulingOrExecution() {
    noClasses().that().resideInAPackage("..runtime.dagfile..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.scheduler..", "..runtime.execution..", "..runtime.api..", "..runtime.web..", "..runtime.cli..", "..runtime.store..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void thePythonHostServesParsingAndExecutionAlike() {
    noClasses().that().resideInAPackage("..runtime.python..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.dagfile..", "..runtime.execution..", "..runtime.scheduler..", "..runtime.store..", "..runtime.api..", "..runtime.web..", "..runtime.cli..")
        .check(classes);
  }

  @Test
  void storeAndModelAreAtTheBottom() {
    noClasses().that().resideInAnyPackage("..runtime.store..", "..runtime.model..", "..runtime.config..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.scheduler..", "..runtime.execution..", "..runtime.dagfile..", "..runtime.api..", "..runtime.web..", "..runtime.cli..")
        .check(classes);
  }

  @Test
  void schedulerDoesNotReachUp() {
    noClasses().that().resideInAPackage("..runtime.scheduler..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.execution..", "..runtime.dagfile..", "..runtime.api..", "..runtime.web..", "..runtime.cli..")
        .check(classes);
  }

  @Test
  void onlyConfigReadsTheEnvironment() {
    noClasses().that().resideOutsideOfPackages("..runtime.config..", "..runtime.bench..")
        .should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .check(classes);
  }
}
