package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The output pump keeps a failure's last lines even when XCom needs only the last one. */
class OutputPumpTest {

  @Test
  void theTailKeepsTheLastLinesOfEveryStreamInOrder() {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("d", "r", "t", -1, 1));
    OutputPump pump = new OutputPump(ctx.log(), false);
    for (int i = 0; i < OutputPump.TAIL_LINES + 5; i++) {
      pump.onNext(new Frame(StreamType.STDOUT, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    pump.onNext(new Frame(StreamType.STDERR, "CUDA out of memory\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(pump.tail()).hasSize(OutputPump.TAIL_LINES).endsWith("line 104", "CUDA out of memory")
        .doesNotContain("line 5");
    assertThat(pump.lines()).isEmpty();
    assertThat(pump.lastLine()).isEqualTo("CUDA out of memory");
  }
}
