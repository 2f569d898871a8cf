package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A try records the engine its work runs on, and a fresh operator built from the task's unrendered arguments stops
 * the work there: a templated {@code docker_url} is never read for it.
 */
class WorkRecordTest {

  private static final Map<String, Object> TEMPLATED =
      Map.of("image", "aloft/busybox", "docker_url", "{{ var.value.docker_host }}");

  private final FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("d", "r", "t", -1, 1));

  @Test
  void theEngineRoundTripsWithItsTlsFilePaths() {
    DockerEndpoint engine = DockerEndpoint.of("tcp://build-host:2376").withTls("/certs/ca.pem", "/certs/cert.pem",
        "/certs/key.pem", false);

    WorkRecord read = WorkRecord.parse(new WorkRecord("0123456789abcdef", engine).encode());

    assertThat(read).isEqualTo(new WorkRecord("0123456789abcdef", engine));
  }

  @Test
  void aBareIdOfAnOlderAloftReadsAsAnIdWithoutEngine() {
    assertThat(WorkRecord.parse("0123456789abcdef")).isEqualTo(new WorkRecord("0123456789abcdef", null));
  }

  @Test
  void aUrlWithCredentialsIsNotStored() {
    String stored = new WorkRecord("abc", DockerEndpoint.of("tcp://admin:s3cret@build-host:2376")).encode();

    assertThat(stored).doesNotContain("s3cret").doesNotContain("build-host");
    assertThat(WorkRecord.parse(stored).engine()).isNull();
  }

  @Test
  void theRecordedEngineWinsOverUnrenderedArguments() {
    ctx.recordWork(new WorkRecord("abc", DockerEndpoint.of("tcp://10.0.0.5:2375")).encode());

    assertThat(WorkRecord.engineToStop(ctx, TEMPLATED).url()).isEqualTo("tcp://10.0.0.5:2375");
  }

  @Test
  void withoutARecordedEngineTheArgumentsDecide() {
    ctx.recordWork("abc");

    assertThat(WorkRecord.engineToStop(ctx, Map.of("docker_url", "tcp://other:2375")).url()).isEqualTo("tcp://other:2375");
  }

  @Test
  void aTemplatedUrlWithoutARecordedEngineFailsWithWhatToDo() {
    ctx.recordWork("0123456789abcdef");

    assertThatThrownBy(() -> WorkRecord.engineToStop(ctx, TEMPLATED))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("0123456789ab")
        .hasMessageContaining("remove it by hand");
  }

  @Test
  void aTemplatedUrlWithNothingRecordedNeedsNoEngine() {
    assertThat(WorkRecord.engineToStop(ctx, TEMPLATED).url()).isEqualTo(DockerEndpoint.DEFAULT_URL);
  }
}
