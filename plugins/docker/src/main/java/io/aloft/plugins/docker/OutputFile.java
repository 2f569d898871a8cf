package io.aloft.plugins.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aloft.sdk.TaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** {@code retrieve_output_path}: a file copied out of the stopped container (the Engine API sends a tar). */
final class OutputFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputFile() {}

  /** The file's content: parsed JSON when it is JSON, else text. Airflow unpickles; Aloft has no pickle. */
  static Object read(DockerClient docker, TaskContext ctx, String id, String path) {
    try (InputStream in = docker.copyArchiveFromContainerCmd(id, path).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          byte[] bytes = tar.readAllBytes();
          if (bytes.length == 0) {
            return null;
          }
          try {
            return JSON.readValue(bytes, Object.class);
          } catch (IOException notJson) {
            return new String(bytes, StandardCharsets.UTF_8);
          }
        }
      }
      return null;
    } catch (NotFoundException e) {
      ctx.log().warn("retrieve_output_path " + path + " does not exist in the container: XCom is None");
      return null;
    } catch (IOException e) {
      throw new DockerTaskException("cannot read " + path + " from container " + DockerTaskRunner.shortId(id) + ": " + e.getMessage(), e);
    }
  }
}
