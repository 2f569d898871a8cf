package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's attacks and careless inputs over a real port and database: API writes need JSON, bad input is a
 * 4xx in the caller's format without SQL text, sensitive variables are masked, logins are throttled per user
 * and address, redirects stay on the site, cookies are Secure behind HTTPS, a rotated password stops working
 * at once.
 */
class SecurityIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestWebServer web;

  @BeforeAll
  static void start() {
    web = new TestWebServer();
    web.stores.dags().saveParsed(TestWebServer.dag("sec_dag", Map.of(), "a", "b"), false, Instant.now());
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static HttpResponse<String> raw(String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(web.url(path)))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes()))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return web.send(b.build());
  }

  private static String csrfOf(String session) {
    return web.stores.jdbi().withHandle(h -> h.createQuery("SELECT csrf_token FROM web_session WHERE token_hash = :t")
        .bind("t", sha256(session)).mapTo(String.class).one());
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int runCount() throws Exception {
    return JSON.readTree(web.api("GET", "/dags/sec_dag/dagRuns", null).body()).get("total_entries").asInt();
  }

  /** A 4xx problem JSON that quotes no SQL. */
  private static void assertClean4xx(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(r.body()).doesNotContainIgnoringCase("insert into").doesNotContainIgnoringCase("select ")
        .doesNotContain("PSQLException").doesNotContain("Jdbi");
  }

  @Test
  void apiWritesNeedJsonContentTypeWhateverTheLogin() throws Exception {
    int before = runCount();
    String formShaped = "{\"dag_run_id\": \"csrf_run\", \"x\": \"=\"}";
    assertClean4xx(raw("POST", "/api/v1/dags/sec_dag/dagRuns", "text/plain", formShaped), 415);
    assertClean4xx(raw("POST", "/api/v1/dags/sec_dag/dagRuns", "application/x-www-form-urlencoded", "a=b"), 415);
    assertClean4xx(raw("POST", "/api/v1/dags/sec_dag/dagRuns", null, ""), 415);
    assertClean4xx(raw("POST", "/api/v1/variables", "multipart/form-data; boundary=x", "--x--"), 415);
    assertClean4xx(raw("PATCH", "/api/v1/pools/default_pool", "text/plain", "{\"slots\": 1}"), 415);
    assertThat(runCount()).isEqualTo(before);
    // a session cookie with its CSRF token still needs the JSON type on the API
    String session = WebAuthIT.login(web, "airflow", "airflow");
    String csrf = csrfOf(session);
    HttpResponse<String> viaSession =
        web.send(HttpRequest.newBuilder(URI.create(web.url("/api/v1/dags/sec_dag/dagRuns")))
            .header("Cookie", Auth.SESSION_COOKIE + "=" + session).header(Auth.CSRF_HEADER, csrf)
            .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertClean4xx(viaSession, 415);
    assertThat(runCount()).isEqualTo(before);
    HttpResponse<String> ok = raw("POST", "/api/v1/dags/sec_dag/dagRuns", "application/json; charset=utf-8", "{\"dag_run_id\": \"json_ok\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(runCount()).isEqualTo(before + 1);
  }

  @Test
  void badInputIsA4xxWithoutSql() throws Exception {
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"dag_run_id\": \"nul\\u0000id\"}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"conf\": {\"k\\u0000\": 1}}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"conf\": {\"k\": [\"v\\u0000\"]}}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"logical_date\": \"+300000-01-01T00:00:00Z\"}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"logical_date\": \"0000-01-01T00:00:00Z\"}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"conf\": {\"n\": 1e999999}}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"conf\": " + "[".repeat(2000) + "]".repeat(2000) + "}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"conf\": "), 400);
    // run ids as Airflow allows them: a/b and a_b must not share a log folder
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"dag_run_id\": \"a/b\"}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"dag_run_id\": \"sp ace\"}"), 400);
    assertClean4xx(web.api("POST", "/dags/sec_dag/dagRuns", "{\"dag_run_id\": \"" + "r".repeat(251) + "\"}"), 400);
    assertThat(web.api("POST", "/dags/sec_dag/dagRuns", "{\"dag_run_id\": \"ok_~.:+-1\"}").statusCode()).isEqualTo(200);

    assertClean4xx(web.api("POST", "/pools", "{\"name\": \"p\\u0000\", \"slots\": 1}"), 400);
    assertClean4xx(web.api("POST", "/pools", "{\"name\": \"" + "p".repeat(257) + "\", \"slots\": 1}"), 400);
    assertThat(web.api("POST", "/pools", "{\"name\": \"" + "p".repeat(256) + "\", \"slots\": 1}").statusCode()).isEqualTo(200);
    assertThat(web.api("GET", "/pools/" + "p".repeat(256), null).statusCode()).isEqualTo(200);
    assertClean4xx(web.api("POST", "/variables", "{\"key\": \"k\\u0000\", \"value\": \"v\"}"), 400);
    assertClean4xx(web.api("POST", "/variables", "{\"key\": \"k\", \"value\": \"v\\u0000\"}"), 400);
    assertClean4xx(web.api("POST", "/variables", "{\"key\": \"" + "k".repeat(251) + "\", \"value\": \"v\"}"), 400);
    assertThat(web.api("POST", "/variables", "{\"key\": \"" + "k".repeat(250) + "\", \"value\": \"v\"}").statusCode()).isEqualTo(200);
    assertThat(web.api("DELETE", "/variables/" + "k".repeat(250), null).statusCode()).isEqualTo(204);

    // oversize ids: problem JSON, not Jetty's HTML
    HttpResponse<String> huge = web.api("GET", "/dags/" + "d".repeat(20_000), null);
    assertThat(huge.statusCode()).isIn(414, 431);
    assertThat(huge.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    assertThat(JSON.readTree(huge.body()).get("status").asInt()).isEqualTo(huge.statusCode());

    // a UI query parameter of the wrong type: an HTML page, not JSON
    String session = WebAuthIT.login(web, "airflow", "airflow");
    HttpResponse<String> ui =
        web.send(HttpRequest.newBuilder(URI.create(web.url("/dags/sec_dag/grid?num_runs=abc")))
            .header("Cookie", Auth.SESSION_COOKIE + "=" + session).build());
    assertThat(ui.statusCode()).isEqualTo(400);
    assertThat(ui.headers().firstValue("Content-Type").orElse("")).contains("text/html");
    assertThat(ui.body()).contains("<html").contains("num_runs");
    // a UI form with a NUL character: an HTML 4xx, no SQL
    String csrf = csrfOf(session);
    HttpResponse<String> form =
        web.send(HttpRequest.newBuilder(URI.create(web.url("/pools")))
            .header("Cookie", Auth.SESSION_COOKIE + "=" + session)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                + "&name=bad%00pool&slots=2&description=x"))
            .build());
    assertThat(form.statusCode()).as(form.body()).isBetween(400, 499);
    assertThat(form.body()).doesNotContainIgnoringCase("insert into");
    HttpResponse<String> missing =
        web.send(HttpRequest.newBuilder(URI.create(web.url("/no/such/page")))
            .header("Cookie", Auth.SESSION_COOKIE + "=" + session).build());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElse("")).contains("text/html");
  }

  @Test
  void sensitiveVariablesAreMaskedInTheApi() throws Exception {
    web.api("POST", "/variables", "{\"key\": \"db_password\", \"value\": \"S3cretPw-123\"}");
    web.api("POST", "/variables", "{\"key\": \"plain_region\", \"value\": \"eu-west\"}");
    assertThat(web.api("GET", "/variables/db_password", null).body()).doesNotContain("S3cretPw-123").contains("***");
    assertThat(web.api("GET", "/variables", null).body()).doesNotContain("S3cretPw-123").contains("eu-west");
    assertThat(web.api("PATCH", "/variables/db_password", "{\"value\": \"S3cretPw-456\"}").body()).doesNotContain("S3cretPw-456");
    assertThat(web.stores.variables().get("db_password").orElseThrow().val()).isEqualTo("S3cretPw-456");
  }

  @Test
  void throttlingIsPerUserAndAddressAndLongPasswordsAre401() throws Exception {
    try (TestWebServer own = new TestWebServer(LoginThrottle.standard(Clock.systemUTC()))) {
      own.users.create("bob", "bob-password");
      String longPassword = "x".repeat(100);
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = own.send("GET", "/api/v1/dags", null, "airflow", longPassword);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(own.send("GET", "/api/v1/dags", null, "nobody", longPassword).statusCode()).isEqualTo(401);
      }
      // the fourth wrong one counts and blocks this user from this address for a while
      assertThat(own.send("GET", "/api/v1/dags", null, "airflow", "wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> blocked = own.send("GET", "/api/v1/dags", null, "airflow", "airflow");
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
      // another user behind the same address is not held up
      assertThat(own.send("GET", "/api/v1/dags", null, "bob", "bob-password").statusCode()).isEqualTo(200);
      // unknown users are throttled the same way, so 429 does not tell names apart
      assertThat(own.send("GET", "/api/v1/dags", null, "nobody", "wrong").statusCode()).isEqualTo(401);
      assertThat(own.send("GET", "/api/v1/dags", null, "nobody", "wrong").statusCode()).isEqualTo(429);
    }
  }

  /** Fails four logins of {@code user} (the fourth blocks that user and address), each with these X-Forwarded-For. */
  private static void failFourTimes(TestWebServer server, String user, String... forwardedFor) throws Exception {
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/dags")))
          .header("Authorization", basic(user, "wrong"))
          .header("X-Forwarded-For", forwardedFor[i % forwardedFor.length]).GET().build());
      assertThat(r.statusCode()).isEqualTo(401);
    }
  }

  private static int loginFrom(TestWebServer server, String user, String password, String forwardedFor) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/v1/dags")))
        .header("Authorization", basic(user, password)).GET();
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return server.send(b.build()).statusCode();
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void forwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
    try (TestWebServer own = new TestWebServer(LoginThrottle.standard(Clock.systemUTC()))) {
      // a guesser rotating spoofed addresses is still one address to the throttle
      failFourTimes(own, "airflow", "198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4");
      assertThat(loginFrom(own, "airflow", "airflow", "198.51.100.99")).isEqualTo(429);
      // and the audit log records the peer, not what the header claims
      own.users.create("carol", "carol-password");
      HttpResponse<String> w = own.send(HttpRequest.newBuilder(URI.create(own.url("/api/v1/variables")))
          .header("Authorization", basic("carol", "carol-password")).header("X-Forwarded-For", "198.51.100.5")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"where\", \"value\": \"x\"}")).build());
      assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
      List<String> addresses = own.stores.jdbi().withHandle(h ->
          h.createQuery("SELECT DISTINCT address FROM log WHERE owner = 'carol'").mapTo(String.class).list());
      assertThat(addresses).isNotEmpty().noneMatch(a -> a != null && a.contains("198.51.100"));
    }
  }

  @Test
  void forwardedForFromATrustedProxyGivesTheClientAddress() throws Exception {
    try (TestWebServer own = new TestWebServer(LoginThrottle.standard(Clock.systemUTC()),
        Map.of("ALOFT_TRUSTED_PROXIES", "127.0.0.1,::1"))) {
      // the client put 6.6.6.6 in front itself; the proxy appended its real address 203.0.113.9
      failFourTimes(own, "airflow", "6.6.6.6, 203.0.113.9", "7.7.7.7, 203.0.113.9");
      assertThat(loginFrom(own, "airflow", "airflow", "203.0.113.9")).isEqualTo(429);
      assertThat(loginFrom(own, "airflow", "airflow", "8.8.8.8, 203.0.113.9")).isEqualTo(429);
      // another client behind the same proxy is not held up
      assertThat(loginFrom(own, "airflow", "airflow", "203.0.113.10")).isEqualTo(200);
      HttpResponse<String> w = own.send(HttpRequest.newBuilder(URI.create(own.url("/api/v1/variables")))
          .header("Authorization", basic("airflow", "airflow")).header("X-Forwarded-For", "9.9.9.9, 203.0.113.10")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"where\", \"value\": \"x\"}")).build());
      assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
      List<String> addresses = own.stores.jdbi().withHandle(h ->
          h.createQuery("SELECT DISTINCT address FROM log WHERE event LIKE '%variable%'").mapTo(String.class).list());
      assertThat(addresses).containsExactly("203.0.113.10");
    }
  }

  @Test
  void loginRedirectsStayOnTheSiteAndCookiesAreSecureBehindHttps() throws Exception {
    for (String next : new String[] {"//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example",
        "%2F%2Fevil.example", "/\n/evil.example", " //evil.example", "/\u0000/evil.example"}) {
      HttpResponse<String> page = web.send("GET", "/login", null, null, null);
      String csrf = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("aloft_login_csrf="))
          .findFirst().orElseThrow().split("[=;]")[1];
      HttpResponse<String> r =
          web.send(HttpRequest.newBuilder(URI.create(web.url("/login")))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Cookie", "aloft_login_csrf=" + csrf)
              .header("X-Forwarded-Proto", "https")
              .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&username=airflow&password=airflow&next="
                  + URLEncoder.encode(next, StandardCharsets.UTF_8)))
              .build());
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElseThrow()).as(next).endsWith("/home");
      assertThat(r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Auth.SESSION_COOKIE + "=")))
          .allSatisfy(c -> assertThat(c).contains("; Secure"));
    }
    HttpResponse<String> plain = web.send("GET", "/login", null, null, null);
    assertThat(plain.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
  }

  @Test
  void aRotatedPasswordStopsWorkingAtOnceInEveryProcess() {
    web.users.create("rot", "first-password");
    assertThat(web.send("GET", "/api/v1/dags", null, "rot", "first-password").statusCode()).isEqualTo(200);
    // another process (the CLI) changes it through its own Users
    web.otherProcess().users().setPassword("rot", "second-password");
    assertThat(web.send("GET", "/api/v1/dags", null, "rot", "first-password").statusCode()).isEqualTo(401);
    assertThat(web.send("GET", "/api/v1/dags", null, "rot", "second-password").statusCode()).isEqualTo(200);
  }
}
