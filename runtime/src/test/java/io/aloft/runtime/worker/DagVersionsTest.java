package io.aloft.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.GraalPythonInvoker;
import io.aloft.runtime.execution.PythonInvoker;
import io.aloft.runtime.execution.TryOutcome;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.python.DagModules;
import io.aloft.runtime.python.PythonHost;
import io.aloft.sdk.testing.FakeTaskContext;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's DAG-file version check, and the invoker refusing a try before loading a file of the wrong version. */
class DagVersionsTest {

  @TempDir Path dir;

  @Test
  void theParsedVersionRunsAndAnUnknownFileIsNotChecked() throws Exception {
    assertThat(new DagVersions(f -> Optional.of("abc"), Duration.ZERO, "w:1").refusal("/dags/a.py", "abc")).isEmpty();
    assertThat(new DagVersions(f -> Optional.empty(), Duration.ZERO, "w:1").refusal("/dags/a.py", "abc")).isEmpty();
    assertThat(new DagVersions(f -> { throw new IllegalStateException("db down"); }, Duration.ZERO, "w:1")
        .refusal("/dags/a.py", "abc")).as("an outage does not refuse tries").isEmpty();
  }

  @Test
  void aFileTheSchedulerReparsesWithinTheGraceRuns() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    // the scheduler has not seen the new content yet at the first question, has at the second
    DagVersions check = new DagVersions(f -> Optional.of(asked.incrementAndGet() < 2 ? "old" : "new"),
        Duration.ofSeconds(30), "w:1");
    assertThat(check.refusal("/dags/a.py", "new")).isEmpty();
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void anotherVersionIsRefusedWithWhatToDo() throws Exception {
    Optional<String> refusal = new DagVersions(f -> Optional.of("0123456789abcdef0123"), Duration.ZERO, "host:42")
        .refusal("/dags/a.py", "fedcba9876543210fedc");
    assertThat(refusal).hasValueSatisfying(m -> assertThat(m)
        .contains("/dags/a.py", "host:42", "0123456789ab", "fedcba987654", "Deploy the same DAGs folder"));
  }

  @Test
  void theInvokerFailsARefusedTryAsARetryableFailureWithoutLoadingTheFile() throws Exception {
    Path file = dir.resolve("d.py");
    Files.writeString(file, "print('worker copy')\n");
    String workerHash = DagModules.hash(Files.readAllBytes(file));
    PythonHost unused = (PythonHost) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PythonHost.class},
        (proxy, method, args) -> {
          throw new AssertionError("the refused file was loaded: " + method.getName());
        });
    String[] asked = new String[2];
    GraalPythonInvoker invoker = new GraalPythonInvoker(unused, (fileloc, hash) -> {
      asked[0] = fileloc;
      asked[1] = hash;
      return Optional.of("not the parsed version");
    });
    DagSpec spec = SpecJson.parse(SpecJson.mapper().createObjectNode().put("dag_id", "d")
        .put("fileloc", file.toString()).toString());
    TaskSpec task = SpecJson.mapper().convertValue(Map.of("task_id", "t"), TaskSpec.class);
    TryOutcome outcome = invoker.execute(
        new PythonInvoker.PythonTry(spec, task, -1, Map.of(), Map.of(), FakeTaskContext.forTask("d", "t")));
    assertThat(outcome).isInstanceOfSatisfying(TryOutcome.Failed.class, f -> {
      assertThat(f.message()).contains("not the parsed version");
      assertThat(f.noRetry()).as("follows retries").isFalse();
    });
    assertThat(asked).containsExactly(file.toString(), workerHash);
  }
}
