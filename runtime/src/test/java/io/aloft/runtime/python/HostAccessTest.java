package io.aloft.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 8: Python code in Aloft's contexts cannot reach any Java class or object, and the guarantee is the
 * context's configuration: no import blocker or file-name check is involved, so compiling {@code import java}
 * under a file name inside the Python home (the bypass of the former blocker) gains nothing. Each probe is a way
 * in that GraalPy offers; every one must fail, and whatever a probe gets back must not be a Java host value.
 */
class HostAccessTest {

  private static final Map<String, String> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put("java.type", "import java\njava.type('java.lang.Runtime')");
    PROBES.put("compiled under a file name in the Python home",
        "import os\nexec(compile('import java', os.__file__, 'exec'))\njava.type('java.lang.System')");
    PROBES.put("importlib", "import importlib\nimportlib.import_module('java').type('java.lang.ProcessBuilder')");
    PROBES.put("__import__", "__import__('java').type('java.lang.Class')");
    PROBES.put("Java package import", "import java.lang\njava.lang.System");
    PROBES.put("from-import of a class", "from java.lang import Runtime\nRuntime");
    PROBES.put("add_to_classpath", "import java\njava.add_to_classpath('/tmp')");
    PROBES.put("polyglot.eval of Java", "import polyglot\npolyglot.eval(language='java', string='java.lang.Runtime')");
    PROBES.put("polyglot.eval of another language", "import polyglot\npolyglot.eval(language='js', string='1')");
    PROBES.put("polyglot.import_value", "import polyglot\npolyglot.import_value('anything')");
    PROBES.put("polyglot.export_value", "import polyglot\npolyglot.export_value('anything', 1)");
    PROBES.put("__graalpython__.build_java_class",
        "__graalpython__.build_java_class({}, 'X', object)");
    PROBES.put("a host object's method", "host_file.getAbsolutePath()");
    PROBES.put("a host object's class", "host_file.getClass()");
    PROBES.put("a host object's field", "host_file.separator");
    PROBES.put("a callback's Java class", "callback.getClass()");
    PROBES.put("a host value returned by a callback", "callback().getName()");
  }

  @Test
  void noProbeReachesAJavaClassOrObject() throws Exception {
    List<String> reached = new ArrayList<>();
    List<String> denied = new ArrayList<>();
    TestPython.pool().submit(ctx -> {
      Value globals = ctx.context.getBindings("python");
      globals.putMember("host_file", new java.io.File("/"));
      globals.putMember("callback", (ProxyExecutable) args -> new java.io.File("/tmp"));
      for (Map.Entry<String, String> p : PROBES.entrySet()) {
        try {
          Value v = ctx.context.eval("python", p.getValue());
          reached.add(p.getKey() + " -> " + v + (v.isHostObject() || v.isMetaObject() ? " (a Java value)" : ""));
        } catch (PolyglotException e) {
          denied.add(p.getKey() + ": " + e.getMessage());
        }
      }
      globals.removeMember("host_file");
      globals.removeMember("callback");
      return null;
    }, null).future.get(5, TimeUnit.MINUTES);
    denied.forEach(d -> System.out.println("denied  " + d));
    assertThat(reached).isEmpty();
    assertThat(denied).hasSize(PROBES.size());
  }

  @Test
  void pythonItselfStillWorksWithoutTheJavaHost() throws Exception {
    // what GraalPy's own library needs of its host modules (the re module's TRegex, for one) keeps working
    String out = TestPython.pool().submit(ctx -> ctx.context.eval("python", """
        import re, platform, subprocess, json
        m = re.match(r"(?P<a>\\w+)-(\\d+)", "run-42")
        "%s %s %s %s" % (m.group("a"), m.group(2), bool(platform.system()),
                         subprocess.run(["echo", "ok"], capture_output=True, text=True).stdout.strip())
        """).asString(), null).future.get(5, TimeUnit.MINUTES);
    assertThat(out).isEqualTo("run 42 True ok");
  }
}
