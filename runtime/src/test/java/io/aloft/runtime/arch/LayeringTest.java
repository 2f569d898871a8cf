package io.aloft.runtime.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies run one way (DESIGN.md, docs/ARCHITECTURE.md): the adapters (api, web, cli) call the application layer
 * (app), which calls the engine (scheduler, execution, dagfile, plugins) and the store; scheduler and execution sit
 * over store and model. Only the composition root (the {@code io.aloft.runtime} package itself) sees everything.
 * The Python host ({@code python}) sits under both DAG-file parsing and task execution.
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

  /** The engine records into {@code metrics} and the web server serves it, so it must sit under both. */
  @Test
  void metricsKnowNothingOfTheRest() {
    noClasses().that().resideInAPackage("..runtime.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.app..", "..runtime.api..", "..runtime.web..",
            "..runtime.cli..", "..runtime.scheduler..", "..runtime.execution..", "..runtime.dagfile..",
            "..runtime.store..", "..runtime.plugins..", "..runtime.python..")
        .orShould().dependOnClassesThat().resideInAPackage("io.aloft.runtime")
        .check(classes);
  }

  @Test
  void onlyConfigReadsTheEnvironment() {
    noClasses().that().resideOutsideOfPackages("..runtime.config..", "..runtime.bench..")
        .should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .check(classes);
  }

  private static final String[] ADAPTERS = {"..runtime.api..", "..runtime.web..", "..runtime.cli.."};
  private static final String[] ENGINE_AND_STORE = {
    "..runtime.scheduler..", "..runtime.execution..", "..runtime.dagfile..", "..runtime.plugins..",
    "..runtime.store..", "..runtime.model..", "..runtime.config.."
  };

  /** What an adapter may take from the store: the plain rows it is handed (records) and the exceptions it maps. */
  private static final DescribedPredicate<JavaClass> STORE_MACHINERY =
      DescribedPredicate.describe(
          "store classes other than row records and exceptions (Stores, the *Store classes, Database)",
          c -> c.getPackageName().startsWith("io.aloft.runtime.store")
              && (c.getSimpleName().equals("Stores") || !(c.isRecord() || c.isAssignableTo(Exception.class))));

  @Test
  void adaptersNeverTouchTheStoreJdbiOrSql() {
    noClasses().that().resideInAnyPackage(ADAPTERS)
        .should().dependOnClassesThat(STORE_MACHINERY)
        .orShould().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..", "javax.sql..")
        .because("the REST API, the UI and the CLI call the application services, which own every read and write")
        .check(classes);
  }

  @Test
  void adaptersDoNotAssembleTheEngine() {
    noClasses().that().resideInAnyPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.dagfile..", "..runtime.execution..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Store")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.plugins.PluginHost")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.plugins.OperatorRegistry")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.plugins.BundledPlugins")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.app.LoadedOperators")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.scheduler.RunTrigger")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.aloft.runtime.scheduler.SchedulerLoop")
        .because("the composition root (Aloft, Daemon) builds the object graph; adapters ask it or a service")
        .check(classes);
  }

  @Test
  void applicationLayerDoesNotReachUp() {
    noClasses().that().resideInAPackage("..runtime.app..")
        .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
        .orShould().dependOnClassesThat().resideInAPackage("io.aloft.runtime")
        .because("services are built by the root and called by the adapters, never the other way round")
        .check(classes);
  }

  @Test
  void engineAndStoreKnowNothingOfTheApplicationOrTheAdapters() {
    noClasses().that().resideInAnyPackage(ENGINE_AND_STORE)
        .should().dependOnClassesThat().resideInAnyPackage("..runtime.app..", "..runtime.api..", "..runtime.web..", "..runtime.cli..")
        .orShould().dependOnClassesThat().resideInAPackage("io.aloft.runtime")
        .check(classes);
  }

  /**
   * Plugins depend on the SDK only (their modules do not even see the runtime: Maven keeps that side); this side keeps
   * the runtime from reaching into a plugin's classes, so that a plugin can be removed without a runtime edit.
   */
  @Test
  void runtimeNeverDependsOnAPlugin() {
    noClasses().that().resideInAPackage("io.aloft.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("io.aloft.graphgrid..", "io.aloft.plugins..")
        .check(classes);
  }
}
