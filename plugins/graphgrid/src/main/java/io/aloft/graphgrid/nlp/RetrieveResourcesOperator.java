package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.docker.Homes;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code retrieve_resources}: copies the request's dataset files from the dataset store into the session volume,
 * at the same relative paths, so the trainer reads the request's datasets map unchanged. Returns the files and
 * their total size.
 */
public final class RetrieveResourcesOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    RequestBody request = NlpSteps.request(ctx);
    Path store = Homes.datasets(ctx.settings());
    CheckRequestBodyOperator.installSampleWhenEmpty(store, ctx);
    Map<String, Path> files = new LinkedHashMap<>();
    long bytes = 0;
    for (String file : request.files()) {
      Path source = store.resolve(file).normalize();
      files.put(file, source);
      bytes += Files.size(source);
    }
    String volume = NlpSteps.volume(ctx);
    NlpSteps.volumesWithHelperImage(ctx).copyIn(volume, ctx.identity().runId(), files);
    ctx.log().info("copied " + files.size() + " dataset file(s), " + bytes + " bytes, from " + store + " into volume "
        + volume);
    return Map.of("files", java.util.List.copyOf(files.keySet()), "bytes", bytes, "volume", volume);
  }
}
