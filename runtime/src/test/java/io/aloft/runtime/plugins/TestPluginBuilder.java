package io.aloft.runtime.plugins;

import io.aloft.sdk.OperatorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin the way a third party would, at test time: compiles a provider from source against the SDK
 * alone, and packs it with a PF4J manifest, an extension index and resources. Its classes are on no class
 * path of the test, so loading it proves the daemon needs nothing from this repository's plugins.
 */
final class TestPluginBuilder {

  private final String id;
  private String version = "1.0.0";
  private String requires = ">=0.1.0";
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, String> resources = new LinkedHashMap<>();
  private final List<String> extensions = new ArrayList<>();
  private final List<Path> classpath = new ArrayList<>();
  private String dependencies;

  TestPluginBuilder(String id) {
    this.id = id;
  }

  TestPluginBuilder version(String v) {
    version = v;
    return this;
  }

  TestPluginBuilder requires(String r) {
    requires = r;
    return this;
  }

  /** A class by its fully qualified name; {@code extension} lists it in META-INF/extensions.idx. */
  TestPluginBuilder source(String className, String code, boolean extension) {
    sources.put(className, code);
    if (extension) {
      extensions.add(className);
    }
    return this;
  }

  /** Another plugin this one needs (its Plugin-Dependencies), compiled against that plugin's jar. */
  TestPluginBuilder dependsOn(String pluginId, Path jar) {
    dependencies = dependencies == null ? pluginId : dependencies + ", " + pluginId;
    classpath.add(jar);
    return this;
  }

  TestPluginBuilder resource(String path, String content) {
    resources.put(path, content);
    return this;
  }

  /** A provider of one operator that greets, answering to {@code pythonPath}. */
  static TestPluginBuilder greeter(String id, String className, String operator, String pythonPath) {
    int dot = className.lastIndexOf('.');
    String code = """
        package %s;

        import io.aloft.sdk.*;
        import java.util.List;

        @org.pf4j.Extension
        public final class %s implements OperatorProvider {
          public List<OperatorDescriptor> operators() {
            return List.of(OperatorDescriptor.builder("%s")
                .pythonPath("%s")
                .argument(ArgumentSpec.required("name", ArgType.STRING))
                .templated("name")
                .pythonShimRoot("python")
                .factory(args -> ctx -> {
                  ctx.log().info("hello " + args.get("name"));
                  return "hello " + args.get("name");
                })
                .build());
          }
        }
        """.formatted(className.substring(0, dot), className.substring(dot + 1), operator, pythonPath);
    String module = pythonPath.substring(0, pythonPath.lastIndexOf('.'));
    String pyClass = pythonPath.substring(pythonPath.lastIndexOf('.') + 1);
    return new TestPluginBuilder(id)
        .source(className, code, true)
        .resource("python/" + module.replace('.', '/') + ".py", "class " + pyClass + ":\n    _aloft_java_operator = \"" + operator + "\"\n")
        .resource("python/" + module.substring(0, module.indexOf('.') < 0 ? module.length() : module.indexOf('.')) + "/__init__.py", "");
  }

  /** A jar plugin: classes, resources, and Plugin-* entries in its manifest. */
  Path buildJar(Path folder) throws IOException {
    Path jar = folder.resolve(id + "-" + version + ".jar");
    writeJar(jar, true);
    return jar;
  }

  /** A zip plugin: plugin.properties and lib/ with the jar, as the plugin parent POM packages them. */
  Path buildZip(Path folder) throws IOException {
    Path work = Files.createTempDirectory("plugin-" + id);
    Path jar = work.resolve(id + ".jar");
    writeJar(jar, false);
    Path zip = folder.resolve(id + "-" + version + "-plugin.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("plugin.properties"));
      out.write(("plugin.id=" + id + "\nplugin.version=" + version + "\nplugin.requires=" + requires + "\nplugin.provider=Example Inc.\n")
          .getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("lib/" + id + ".jar"));
      out.write(Files.readAllBytes(jar));
    }
    return zip;
  }

  private void writeJar(Path jar, boolean withPluginManifest) throws IOException {
    Path classes = compile();
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (withPluginManifest) {
      main.putValue("Plugin-Id", id);
      main.putValue("Plugin-Version", version);
      main.putValue("Plugin-Requires", requires);
      main.putValue("Plugin-Provider", "Example Inc.");
      if (dependencies != null) {
        main.putValue("Plugin-Dependencies", dependencies);
      }
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
      }
      put(out, "META-INF/extensions.idx", String.join("\n", extensions) + "\n");
      for (Map.Entry<String, String> r : resources.entrySet()) {
        put(out, r.getKey(), r.getValue());
      }
    }
  }

  private static void put(JarOutputStream out, String name, String content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content.getBytes(StandardCharsets.UTF_8));
  }

  private Path compile() throws IOException {
    Path src = Files.createTempDirectory("plugin-src-" + id);
    Path classes = Files.createTempDirectory("plugin-classes-" + id);
    if (sources.isEmpty()) {
      return classes;
    }
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.getValue());
      files.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of(
        "-proc:none", "--release", "21", "-d", classes.toString(),
        "-classpath", location(OperatorProvider.class) + java.io.File.pathSeparator + location(org.pf4j.Extension.class)
            + classpath.stream().map(p -> java.io.File.pathSeparator + p).reduce("", String::concat)));
    args.addAll(files);
    OutputStream errors = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("test plugin " + id + " does not compile:\n" + errors);
    }
    return classes;
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
