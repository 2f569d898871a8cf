package io.aloft.graphgrid;

import io.aloft.graphgrid.gpu.CommandRunner;
import io.aloft.graphgrid.check.DockerInfoSource;
import io.aloft.graphgrid.check.GpuCheck;
import io.aloft.graphgrid.check.GpuCheckFormatter;
import io.aloft.graphgrid.check.GpuCheckReport;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakReport;
import io.aloft.graphgrid.peaks.PeakSamples;
import io.aloft.graphgrid.peaks.PeakStores;
import io.aloft.graphgrid.preflight.NodePublisher;
import io.aloft.graphgrid.registry.ModelRegistry;
import io.aloft.graphgrid.registry.ModelRegistry.ModelRow;
import io.aloft.graphgrid.registry.ModelViews;
import io.aloft.sdk.extension.PluginCommand;
import io.aloft.sdk.extension.PluginCommand.Output;
import io.aloft.sdk.extension.PluginExtension;
import io.aloft.sdk.extension.PluginHttpException;
import io.aloft.sdk.extension.PluginPage;
import io.aloft.sdk.extension.PluginRoute;
import io.aloft.sdk.extension.PluginServices;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * What GraphGrid adds to Aloft beyond operators: the model registry's table (migration {@code db/graphgrid}),
 * {@code /api/v1/models[/{saved_model_name}]}, the Models page, {@code aloft models list} and {@code aloft gpu check},
 * and, in every process that runs tasks, this machine's GPU reading for GPU admission across machines
 * ({@link NodePublisher#atStart}).
 */
@Extension
public final class GraphGridExtension implements PluginExtension {

  @Override
  public Optional<String> migrations() {
    return Optional.of("db/graphgrid");
  }

  /** A GPU node records its reading from the start, so remote preflights can place sessions there at once. */
  @Override
  public Optional<AutoCloseable> startBackground(PluginServices services) {
    return NodePublisher.atStart(services.database(), services.settings(), Clock.systemUTC());
  }

  @Override
  public List<PluginRoute> routes(PluginServices services) {
    ModelRegistry registry = new ModelRegistry(services.database());
    return List.of(
        PluginRoute.get("models", req -> ModelViews.collection(
            registry.list(req.queryParam("model").filter(m -> !m.isBlank()).orElse(null)), req)),
        PluginRoute.get("models/{saved_model_name}", req -> {
          String name = req.pathParams().get("saved_model_name");
          ModelRow row = registry.list(null).stream().filter(m -> m.savedModelName().equals(name)).findFirst()
              .orElseThrow(() -> PluginHttpException.notFound("no saved model is named '" + name + "'"));
          return ModelViews.json(row);
        }));
  }

  @Override
  public List<PluginPage> pages(PluginServices services) {
    ModelRegistry registry = new ModelRegistry(services.database());
    return List.of(new PluginPage("models", "Models", req -> ModelViews.page(registry.list(null))));
  }

  @Override
  public List<PluginCommand> commands(PluginServices services) {
    return List.of(
        PluginCommand.of("models list", "List saved models, newest first, with their metrics",
            List.of(new PluginCommand.Option(List.of("--model", "-m"),
                "only this model, e.g. named_entity_recognition", null, false)),
            options -> new Output.Rows(ModelViews.COLUMNS,
                new ModelRegistry(services.database()).list(options.get("model")).stream().map(ModelViews::row).toList())),
        PluginCommand.of("gpu estimates", "Per model: the static prior, the observed GPU peaks and OOMs, and what a"
                + " training now reserves", List.of(),
            options -> {
              // The shared table every machine's trainings record into (importing this machine's old file once).
              StringBuilder notes = new StringBuilder();
              PeakSamples samples = PeakStores.shared(services.database(), services.settings(),
                  line -> notes.append(line).append(System.lineSeparator()),
                  line -> notes.append("warning: ").append(line).append(System.lineSeparator()));
              return new Output.Text(notes + PeakReport.format(PeakEstimator.fromSettings(services.settings()),
                  samples), 0);
            }),
        PluginCommand.of("gpu check", "Check whether this host can run GPU training, and say what is missing", List.of(),
            options -> {
              GpuCheckReport report = new GpuCheck(GpuProbes.fromSettings(services.settings()),
                  DockerInfoSource.cli(CommandRunner.system())).run();
              return new Output.Text(GpuCheckFormatter.format(report), report.gpuTrainingPossible() ? 0 : 1);
            }));
  }
}
