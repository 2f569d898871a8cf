package io.aloft.runtime.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's HTTP and e-mail providers against real servers in this process: an HTTP server checking the
 * connection's basic auth and extra headers, and a minimal SMTP server that records what it receives. HttpSensor
 * waits through a 404, HttpOperator posts and filters, SimpleHttpOperator gets a templated endpoint, HttpHook runs in a
 * Python task; EmailOperator sends a templated mail and a failed task with {@code email=} sends Airflow's alert. No
 * password reaches a log. HttpOperator pages with a {@code pagination_function}, and a Python task mails through
 * {@code airflow.utils.email.send_email} over its own connection.
 */
class HttpAndEmailIT {

  private static final String HTTP_PASSWORD = "HttpPw-2468";
  private static final String SMTP_PASSWORD = "SmtpPw-1357";

  private static final String DAG = String.join("\n",
      "import json",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.decorators import task",
      "from airflow.operators.email import EmailOperator",
      "from airflow.providers.http.hooks.http import HttpHook",
      "from airflow.providers.http.operators.http import HttpOperator, SimpleHttpOperator",
      "from airflow.providers.http.sensors.http import HttpSensor",
      "with DAG('web', start_date=datetime(2024, 1, 1), schedule=None,",
      "         default_args={'email': 'ops@example.com', 'email_on_retry': False}):",
      "    wait = HttpSensor(task_id='wait', http_conn_id='api', endpoint='ready', poke_interval=1,",
      "        response_check=lambda response: response.json()['ready'])",
      "    post = HttpOperator(task_id='post', http_conn_id='api', endpoint='items', data=json.dumps({'n': 1}),",
      "        headers={'Content-Type': 'application/json'}, response_check=lambda response: response.status_code == 201,",
      "        response_filter=lambda response, ti: response.json()['id'])",
      "    get = SimpleHttpOperator(task_id='get', http_conn_id='api', method='GET',",
      "        endpoint='items/{{ ti.xcom_pull(task_ids=\"post\") }}', log_response=True)",
      "    @task",
      "    def hook():",
      "        r = HttpHook(method='GET', http_conn_id='api').run('items/7', data={'q': 'x y'})",
      "        print('hook got %s %s' % (r.status_code, r.json()))",
      "        return r.json()['q']",
      "    bad = HttpOperator(task_id='bad', http_conn_id='api', endpoint='missing', method='GET')",
      "    def next_page(response):",
      "        body = response.json()",
      "        return {'data': {'page': body['page'] + 1}} if body['more'] else None",
      "    pages = HttpOperator(task_id='pages', http_conn_id='api', method='GET', endpoint='pages',",
      "        data={'page': 1, 'size': 2}, pagination_function=next_page,",
      "        response_filter=lambda responses: [i for r in responses for i in r.json()['items']])",
      "    raw_pages = HttpOperator(task_id='raw_pages', http_conn_id='api', method='GET', endpoint='pages',",
      "        data={'page': 2, 'size': 1}, pagination_function=next_page)",
      "    @task",
      "    def notify():",
      "        from airflow.utils.email import send_email",
      "        send_email('boss@example.com', 'From Python', '<i>sent by send_email</i>', conn_id='smtp_py')",
      "    wait >> [pages, raw_pages, notify()]",
      "    mail = EmailOperator(task_id='mail', to=['team@example.com'], subject='Report {{ ds }}',",
      "        html_content='<b>item {{ ti.xcom_pull(task_ids=\"post\") }}</b>')",
      "    wait >> post >> [get, hook(), mail]",
      "");

  @Test
  void httpOperatorsAndMailTalkToRealServers() throws Exception {
    AtomicInteger readyCalls = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    http.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
      String expected = "Basic " + Base64.getEncoder().encodeToString(("svc:" + HTTP_PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(auth) || !"k-1".equals(key)) {
        reply(exchange, 401, "{\"error\": \"auth\"}");
      } else if (path.equals("/ready")) {
        reply(exchange, readyCalls.incrementAndGet() < 2 ? 404 : 200, "{\"ready\": true}");
      } else if (path.equals("/items") && exchange.getRequestMethod().equals("POST") && body.equals("{\"n\": 1}")) {
        reply(exchange, 201, "{\"id\": 7}");
      } else if (path.equals("/pages")) {
        Map<String, String> q = java.util.Arrays.stream(exchange.getRequestURI().getQuery().split("&"))
            .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        int page = Integer.parseInt(q.get("page"));
        int size = Integer.parseInt(q.get("size"));
        List<Integer> items = java.util.stream.IntStream.range(0, size).map(i -> page * 10 + i).boxed().toList();
        reply(exchange, 200, "{\"page\": " + page + ", \"items\": " + items + ", \"more\": " + (page < 3) + "}");
      } else if (path.equals("/items/7")) {
        String q = exchange.getRequestURI().getQuery();
        reply(exchange, 200, "{\"id\": 7, \"q\": \"" + (q == null ? "" : q) + "\"}");
      } else {
        reply(exchange, 404, "not found");
      }
    });
    http.start();
    try (FakeSmtp smtp = new FakeSmtp()) {
      Path home = Files.createTempDirectory("aloft-http-");
      Path dags = Files.createDirectories(home.resolve("dags"));
      Files.writeString(dags.resolve("web.py"), DAG);
      Map<String, String> env = new HashMap<>(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
          "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
          "ALOFT_PYTHON_CONTEXTS", "1",
          "ALOFT_CONN_API", "{\"conn_type\": \"http\", \"host\": \"localhost\", \"schema\": \"http\", \"port\": "
              + http.getAddress().getPort() + ", \"login\": \"svc\", \"password\": \"" + HTTP_PASSWORD
              + "\", \"extra\": {\"X-Api-Key\": \"k-1\"}}",
          "ALOFT_CONN_SMTP_PY", "{\"conn_type\": \"smtp\", \"host\": \"localhost\", \"port\": " + smtp.port()
              + ", \"login\": \"pymailer\", \"password\": \"" + SMTP_PASSWORD + "\", \"extra\": {\"disable_tls\": true,"
              + " \"from_email\": \"py@example.com\"}}"));
      env.putAll(Map.of("ALOFT_SMTP_HOST", "localhost", "ALOFT_SMTP_PORT", String.valueOf(smtp.port()),
          "ALOFT_SMTP_STARTTLS", "false", "ALOFT_SMTP_USER", "mailer", "ALOFT_SMTP_PASSWORD", SMTP_PASSWORD,
          "ALOFT_SMTP_MAIL_FROM", "aloft@example.com"));
      AloftConfig config = ConfigLoader.load(env, home, home);
      try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
        DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "web", null, Map.of(), null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
          Thread.sleep(200);
          run = aloft.app().runs().get("web", run.runId()).orElseThrow();
        }
        String logs = allLogs(config.logsFolder());
        Map<String, TaskState> states = aloft.app().taskInstances().listForRun("web", run.runId()).stream()
            .collect(Collectors.toMap(TaskInstanceRow::taskId, TaskInstanceRow::state));
        assertThat(run.state()).as(logs).isEqualTo(RunState.FAILED);
        assertThat(states).as(logs + seen).containsEntry("wait", TaskState.SUCCESS).containsEntry("post", TaskState.SUCCESS)
            .containsEntry("get", TaskState.SUCCESS).containsEntry("hook", TaskState.SUCCESS)
            .containsEntry("mail", TaskState.SUCCESS).containsEntry("bad", TaskState.FAILED)
            .containsEntry("pages", TaskState.SUCCESS).containsEntry("raw_pages", TaskState.SUCCESS)
            .containsEntry("notify", TaskState.SUCCESS);
        assertThat(aloft.stores().xcoms().pull("web", run.runId(), "pages", "return_value", null))
            .as("response_filter over every page").contains(List.of(10, 11, 20, 21, 30, 31));
        assertThat(aloft.stores().xcoms().pull("web", run.runId(), "raw_pages", "return_value", null))
            .as("the pages' texts").contains(List.of("{\"page\": 2, \"items\": [20], \"more\": true}",
                "{\"page\": 3, \"items\": [30], \"more\": false}"));
        assertThat(seen).as("the next page's data merged into the operator's").anyMatch(r -> r.startsWith("GET /pages?page=3&size=2"));
        assertThat(readyCalls.get()).isGreaterThanOrEqualTo(2);
        assertThat(aloft.stores().xcoms().pull("web", run.runId(), "post", "return_value", null)).contains(7);
        assertThat(aloft.stores().xcoms().pull("web", run.runId(), "hook", "return_value", null)).contains("q=x+y");
        assertThat(logs).contains("hook got 200").contains("{\"id\": 7, \"q\": \"\"}").contains("404:")
            .doesNotContain(HTTP_PASSWORD).doesNotContain(SMTP_PASSWORD);
        assertThat(smtp.messages).hasSize(3);
        String python = smtp.messages.stream().filter(m -> m.contains("boss@example.com")).findFirst().orElseThrow();
        assertThat(python).containsIgnoringCase("MAIL FROM:<py@example.com>").contains("Subject: From Python")
            .contains("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                ("\0pymailer\0" + SMTP_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String report = smtp.messages.stream().filter(m -> m.contains("RCPT TO:<team@example.com>")).findFirst().orElseThrow();
        assertThat(report).contains("AUTH PLAIN " + Base64.getEncoder().encodeToString(
            ("\0mailer\0" + SMTP_PASSWORD).getBytes(StandardCharsets.UTF_8))).contains("MAIL FROM:<aloft@example.com>")
            .contains("Subject: Report 20");
        assertThat(decodedBody(report)).contains("<b>item 7</b>");
        String alert = smtp.messages.stream().filter(m -> m.contains("RCPT TO:<ops@example.com>")).findFirst().orElseThrow();
        assertThat(alert).contains("Subject: Airflow alert: <TaskInstance: web.bad " + run.runId() + " [failed]>");
        assertThat(decodedBody(alert)).contains("Try 1 out of 1").contains("404:");
      }
    } finally {
      http.stop(0);
    }
  }

  private static String decodedBody(String conversation) {
    String afterHeaders = conversation.substring(conversation.indexOf("Content-Transfer-Encoding: base64\r\n\r\n") + 37);
    String b64 = afterHeaders.substring(0, afterHeaders.indexOf("--aloft-")).replaceAll("\\s", "");
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String allLogs(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      StringBuilder sb = new StringBuilder();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sb.append("==> ").append(p).append('\n').append(Files.readString(p)).append('\n');
      }
      return sb.toString();
    }
  }

  /** An SMTP server that accepts everything (EHLO, AUTH PLAIN, MAIL, RCPT, DATA) and keeps each conversation. */
  private static final class FakeSmtp implements AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final ServerSocket server = new ServerSocket(0);
    private final Thread thread = Thread.ofVirtual().start(this::accept);

    FakeSmtp() throws IOException {}

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          converse(s);
        } catch (IOException e) {
          // closed, or a client that went away: the next accept decides
        }
      }
    }

    private void converse(Socket s) throws IOException {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      StringBuilder conversation = new StringBuilder();
      out.write("220 fake ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
      String line;
      boolean data = false;
      while ((line = in.readLine()) != null) {
        conversation.append(line).append("\r\n");
        String answer;
        String command = line.toUpperCase(java.util.Locale.ROOT); // Python's smtplib writes its verbs in lower case
        if (data) {
          if (!line.equals(".")) {
            continue;
          }
          data = false;
          answer = "250 queued";
        } else if (command.startsWith("EHLO")) {
          answer = "250-fake\r\n250 AUTH PLAIN";
        } else if (command.startsWith("AUTH")) {
          answer = "235 ok";
        } else if (command.equals("DATA")) {
          data = true;
          answer = "354 go on";
        } else if (command.equals("QUIT")) {
          out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
          messages.add(conversation.toString());
          return;
        } else {
          answer = "250 ok";
        }
        out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
