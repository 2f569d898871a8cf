package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.WorkerStore;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Workers page: each worker's running tries, and a worker's latest tries linked to their task instances. */
class WorkersPageIT {

  @Test
  void aWorkersRunningTriesLinkToItsLatestTries() throws Exception {
    try (TestWebServer web = new TestWebServer()) {
      Instant now = Instant.now();
      DagSpec spec = TestWebServer.dag("on_workers", Map.of(), "extract", "load");
      String hash = web.stores.dags().saveParsed(spec, false, now);
      web.stores.runs().create(new NewDagRun("on_workers", "r1", hash, "manual", now, now, now, Map.of(), true), spec,
          Map.of(), now);
      web.stores.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'running'"));
      web.stores.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'queued', queued_dttm = now()"));
      WorkerStore workers = new WorkerStore(web.stores.jdbi());
      workers.register("box:7", "box", 7, Optional.of(Set.of("default")), 4, now);
      workers.register("idle:8", "idle", 8, Optional.empty(), 2, now);
      assertThat(web.stores.taskInstances().claimQueued("box:7", 10, now)).hasSize(2);

      String page = web.send("GET", "/workers", null, "airflow", "airflow").body();
      assertThat(page)
          .contains("href=\"/workers?worker=box%3A7#recent-tries\" title=\"its latest tries\"><span class=\"num\">2</span> running")
          .contains("<span class=\"num\">0</span> running")
          .doesNotContain("id=\"recent-tries\"");

      HttpResponse<String> tries = web.send("GET", "/workers?worker=box%3A7", null, "airflow", "airflow");
      assertThat(tries.statusCode()).as(tries.body()).isEqualTo(200);
      assertThat(tries.body())
          .contains("Latest tries of box:7")
          .contains("<a href=\"/dags/on_workers/runs/r1/tasks/extract\">extract</a>")
          .contains("<a href=\"/dags/on_workers/runs/r1/tasks/load\">load</a>");
      assertThat(web.send("GET", "/workers?worker=idle%3A8", null, "airflow", "airflow").body())
          .contains("This worker started no try that is still recorded.");
    }
  }
}
