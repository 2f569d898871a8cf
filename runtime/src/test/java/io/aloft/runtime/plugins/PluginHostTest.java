package io.aloft.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

  @TempDir Path plugins;
  @TempDir Path shims;

  private final OperatorRegistry registry = new OperatorRegistry();

  @Test
  void aThirdPartyPluginBuiltOutsideTheRepositoryLoadsAndRuns() throws Exception {
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.problems()).isEmpty();
      PluginInfo info = host.plugin("hello").orElseThrow();
      assertThat(info.version()).isEqualTo("1.0.0");
      assertThat(info.operators()).containsExactly("HelloOperator");
      assertThat(info.pythonPaths()).containsExactly("hello_provider.operators.HelloOperator");

      OperatorDescriptor d = registry.findByPythonPath("hello_provider.operators.HelloOperator").orElseThrow().descriptor();
      FakeTaskContext ctx = FakeTaskContext.forTask("dag", "greet");
      assertThat(d.factory().create(Map.of("name", "world")).execute(ctx)).isEqualTo("hello world");
      assertThat(ctx.logText()).contains("hello world");

      assertThat(host.pythonShimFolders()).hasSize(1);
      Path shim = host.pythonShimFolders().get(0);
      assertThat(shim.resolve("hello_provider/operators.py")).content().contains("_aloft_java_operator = \"HelloOperator\"");
    }
    assertThatThrownBy(() -> Class.forName("com.example.hello.HelloProvider")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aZipWithLibFolderLoadsLikeThePluginsBuiltHere() throws Exception {
    TestPluginBuilder.greeter("zipped", "com.example.zipped.ZipProvider", "ZipOperator", "zipped_provider.ops.ZipOperator")
        .buildZip(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.problems()).isEmpty();
      assertThat(host.plugin("zipped").orElseThrow().operators()).containsExactly("ZipOperator");
      assertThat(host.pythonShimFolders().get(0).resolve("zipped_provider/ops.py")).exists();
    }
  }

  @Test
  void aPluginForAnotherSdkIsLeftOutWithTheReason() throws Exception {
    TestPluginBuilder.greeter("future", "com.example.future.FutureProvider", "FutureOperator", "future_provider.ops.FutureOperator")
        .requires(">=9.0.0").buildJar(plugins);
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.plugins()).extracting(PluginInfo::id).containsExactly("hello");
      assertThat(host.problems()).singleElement().satisfies(p -> {
        assertThat(p.pluginId()).isEqualTo("future");
        assertThat(p.message()).contains("plugin 'future'", "requires Aloft SDK >=9.0.0", "SDK 0.1.0");
      });
      assertThat(registry.find("FutureOperator")).isEmpty();
    }
  }

  @Test
  void twoPluginsClaimingOnePythonPathLeaveTheSecondOutNamingBoth() throws Exception {
    TestPluginBuilder.greeter("alpha", "com.example.alpha.AlphaProvider", "AlphaOperator", "shared.ops.Greeter").buildJar(plugins);
    TestPluginBuilder.greeter("beta", "com.example.beta.BetaProvider", "BetaOperator", "shared.ops.Greeter").buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.plugins()).extracting(PluginInfo::id).containsExactly("alpha");
      assertThat(host.problems()).singleElement().satisfies(p ->
          assertThat(p.message()).contains("plugin 'beta'", "shared.ops.Greeter", "plugin 'alpha'"));
      assertThat(registry.findByPythonPath("shared.ops.Greeter").orElseThrow().source()).isEqualTo("plugin 'alpha'");
    }
  }

  @Test
  void aPluginClaimingABuiltInPathIsLeftOut() throws Exception {
    registry.register("builtin", List.of(OperatorDescriptor.builder("BashOperator")
        .pythonPath("airflow.operators.bash.BashOperator")
        .argument(ArgumentSpec.required("bash_command", ArgType.STRING))
        .factory(args -> ctx -> null).build()));
    TestPluginBuilder.greeter("sneaky", "com.example.sneaky.SneakyProvider", "SneakyBash", "airflow.operators.bash.BashOperator")
        .buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.plugins()).isEmpty();
      assertThat(host.problems()).singleElement().satisfies(p ->
          assertThat(p.message()).contains("plugin 'sneaky'", "already claimed by builtin"));
    }
  }

  @Test
  void brokenPluginsAreReportedAndTheRestLoads() throws Exception {
    Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3, 4});
    new TestPluginBuilder("throws")
        .source("com.example.bad.BadProvider", """
            package com.example.bad;
            import io.aloft.sdk.*;
            import java.util.List;
            public final class BadProvider implements OperatorProvider {
              public List<OperatorDescriptor> operators() { throw new IllegalStateException("no config file"); }
            }
            """, true)
        .buildJar(plugins);
    new TestPluginBuilder("empty").buildJar(plugins);
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.plugins()).extracting(PluginInfo::id).containsExactly("hello");
      assertThat(host.problems()).extracting(PluginProblem::message).anySatisfy(m ->
          assertThat(m).contains("garbage.jar", "could not be loaded"));
      assertThat(host.problems()).extracting(PluginProblem::message).anySatisfy(m ->
          assertThat(m).contains("plugin 'throws'", "no config file"));
      assertThat(host.problems()).extracting(PluginProblem::message).anySatisfy(m ->
          assertThat(m).contains("plugin 'empty'", "no OperatorProvider"));
    }
  }

  @Test
  void aPluginMayUseClassesOfAPluginItDependsOn() throws Exception {
    Path lib = libPlugin().buildJar(plugins);
    childPlugin(lib).buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.problems()).isEmpty();
      assertThat(host.plugins()).extracting(PluginInfo::id).containsExactly("lib", "child");
      Object out = registry.find("ChildOperator").orElseThrow().factory().create(Map.of("name", "world"))
          .execute(FakeTaskContext.forTask("dag", "t"));
      assertThat(out).isEqualTo("hi world");
    }
  }

  @Test
  void aPluginWhoseDependencyIsMissingIsLeftOut(@TempDir Path elsewhere) throws Exception {
    Path lib = libPlugin().buildJar(elsewhere);
    childPlugin(lib).buildJar(plugins);
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .buildJar(plugins);

    try (PluginHost host = PluginHost.load(plugins, shims, registry)) {
      assertThat(host.plugins()).extracting(PluginInfo::id).containsExactly("hello");
      assertThat(host.problems()).singleElement().satisfies(p ->
          assertThat(p.message()).contains("plugin 'child'", "[lib]"));
    }
  }

  private static TestPluginBuilder libPlugin() {
    return TestPluginBuilder.greeter("lib", "com.example.lib.LibProvider", "LibOperator", "lib_provider.ops.LibOperator")
        .source("com.example.lib.Greeting", """
            package com.example.lib;
            public final class Greeting {
              public static String greet(Object name) { return "hi " + name; }
            }
            """, false);
  }

  /** Named so that its file sorts before the lib's: dependency order, not file order, must decide. */
  private static TestPluginBuilder childPlugin(Path libJar) {
    return new TestPluginBuilder("child")
        .version("0.0.1")
        .dependsOn("lib", libJar)
        .source("com.example.child.ChildProvider", """
            package com.example.child;
            import io.aloft.sdk.*;
            import java.util.List;
            public final class ChildProvider implements OperatorProvider {
              public List<OperatorDescriptor> operators() {
                return List.of(OperatorDescriptor.builder("ChildOperator").pythonPath("child_provider.ops.ChildOperator")
                    .argument(ArgumentSpec.required("name", ArgType.STRING))
                    .factory(args -> ctx -> com.example.lib.Greeting.greet(args.get("name"))).build());
              }
            }
            """, true);
  }

  @Test
  void bundledPluginsLoadFromTheirBuildFoldersAndThePluginsFolderWins(@TempDir Path repo) throws Exception {
    Path target = Files.createDirectories(repo.resolve("hello/target"));
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .buildZip(target);
    Path otherTarget = Files.createDirectories(repo.resolve("other/target"));
    TestPluginBuilder.greeter("other", "com.example.other.OtherProvider", "OtherOperator", "other_provider.ops.OtherOperator")
        .buildZip(otherTarget);
    TestPluginBuilder.greeter("hello", "com.example.hello.HelloProvider", "HelloOperator", "hello_provider.operators.HelloOperator")
        .version("2.0.0").buildJar(plugins);

    List<Path> built = PluginHost.builtPlugins(repo);
    assertThat(built).extracting(p -> p.getFileName().toString())
        .containsExactly("hello-1.0.0-plugin.zip", "other-1.0.0-plugin.zip");

    try (PluginHost host = PluginHost.load(plugins, built, shims, registry)) {
      assertThat(host.problems()).isEmpty();
      assertThat(host.plugins()).extracting(PluginInfo::id, PluginInfo::version)
          .containsExactlyInAnyOrder(tuple("hello", "2.0.0"), tuple("other", "1.0.0"));
    }
  }

  @Test
  void noFolderMeansNoPlugins() {
    try (PluginHost host = PluginHost.load(plugins.resolve("missing"), shims, registry)) {
      assertThat(host.plugins()).isEmpty();
      assertThat(host.problems()).isEmpty();
      assertThat(host.pythonShimFolders()).isEmpty();
    }
  }
}
