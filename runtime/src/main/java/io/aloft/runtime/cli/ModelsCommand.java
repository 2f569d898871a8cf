package io.aloft.runtime.cli;

import io.aloft.runtime.store.ModelRegistryStore.ModelRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code aloft models}: GraphGrid's model metadata registry, as the nlp_model_training DAG writes it. */
@Command(name = "models", description = "The model registry (saved models and their metrics)",
    subcommands = {ModelsCommand.ListModels.class})
final class ModelsCommand {

  @ParentCommand Root root;

  static final List<String> COLUMNS =
      List.of("saved_model_name", "model", "device", "f1", "training_seconds", "run_id", "created_at");

  static Map<String, Object> row(ModelRow m) {
    Map<String, Object> r = Output.row(
        "saved_model_name", m.savedModelName(), "model", m.model(), "device", m.device(),
        "f1", m.metrics().get("f1"), "training_seconds", m.trainingSeconds(), "dag_id", m.dagId(), "run_id", m.runId(),
        "datasets", m.datasets(), "artifact_path", m.artifactPath(), "created_at", m.createdAt());
    Map<String, Object> withMetrics = new LinkedHashMap<>(r);
    withMetrics.put("metrics", m.metrics());
    return withMetrics;
  }

  @Command(name = "list", description = "List saved models, newest first, with their metrics")
  static final class ListModels implements Runnable {
    @ParentCommand ModelsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or plain") Output.Format output;
    @Option(names = {"-m", "--model"}, description = "only this model, e.g. named_entity_recognition") String model;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      List<Map<String, Object>> rows = c.app().models().list(model).stream()
          .map(ModelsCommand::row).toList();
      Output.print(c.out(), output, COLUMNS, rows);
    }
  }
}
