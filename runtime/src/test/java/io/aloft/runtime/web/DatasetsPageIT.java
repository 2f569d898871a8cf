package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.DatasetCondition;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Datasets page (producers, consumers, latest events with their extra) and what a DAG's header says about its
 * datasets, rendered by the real server over a real database.
 */
class DatasetsPageIT {

  private static DagSpec withTasks(DagSpec d, Schedule schedule, List<TaskSpec> tasks) {
    return new DagSpec(d.specVersion(), d.dagId(), d.fileloc(), d.description(), d.docMd(), schedule, d.startDate(),
        d.endDate(), d.timezone(), d.catchup(), d.maxActiveRuns(), d.maxActiveTasks(), d.dagrunTimeoutSeconds(),
        d.tags(), d.isPausedUponCreation(), d.params(), tasks, d.edgeLabels(), d.owner());
  }

  private static TaskSpec withOutlets(TaskSpec t, List<String> uris, List<String> aliases) {
    return t.toBuilder().outlets(uris).inlets(List.of()).outletAliases(aliases).inletAliases(List.of()).build();
  }

  @Test
  void theDatasetsPageAndADagsHeaderShowWhoUpdatesAndWhoWaits() throws Exception {
    try (TestWebServer web = new TestWebServer()) {
      DagSpec producer = TestWebServer.dag("page_producer", Map.of(), "load");
      web.stores.dags().saveParsed(withTasks(producer, producer.schedule(),
          List.of(withOutlets(producer.tasks().getFirst(), List.of("s3://page/orders"), List.of("page-alias")))),
          false, Instant.now());
      DagSpec consumer = TestWebServer.dag("page_consumer", Map.of(), "read");
      Schedule onDatasets = new Schedule("datasets", null, null, "Dataset", null, null, null, null,
          DatasetCondition.allOf(DatasetCondition.of("s3://page/orders"), DatasetCondition.alias("page-alias")));
      web.stores.dags().saveParsed(withTasks(consumer, onDatasets, consumer.tasks()), false, Instant.now());
      assertThat(web.api("POST", "/datasets/events",
          "{\"dataset_uri\": \"s3://page/orders\", \"extra\": {\"rows\": 7}}").statusCode()).isEqualTo(200);

      HttpResponse<String> page = web.send("GET", "/datasets", null, "airflow", "airflow");
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(page.body())
          .contains("<tr data-uri=\"s3://page/orders\">")
          .contains(">page_producer.load</a>")
          .contains(">page_consumer</a>")
          .contains("announced through the API")
          .contains("<code class=\"small event-extra\">{\"rows\":7}</code>")
          .contains("href=\"/datasets\">Datasets</a>");

      String consumerPage = web.send("GET", "/dags/page_consumer/grid", null, "airflow", "airflow").body();
      assertThat(consumerPage).contains("id=\"dag-triggered-by\"")
          .contains("s3://page/orders &amp; alias:page-alias")
          .doesNotContain("id=\"dag-updates\"");
      String producerPage = web.send("GET", "/dags/page_producer/grid", null, "airflow", "airflow").body();
      assertThat(producerPage).contains("id=\"dag-updates\"").contains("s3://page/orders (load)")
          .contains("alias page-alias (load)");
    }
  }
}
