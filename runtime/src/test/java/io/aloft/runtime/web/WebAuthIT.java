package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.app.PasswordGenerator;
import io.aloft.runtime.app.Users;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Login, sessions, CSRF, throttling and the CLI-facing user services, over a real port and database. */
class WebAuthIT {

  private static String cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers().map()));
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private static String form(String... kv) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** Logs in through the form; returns the session cookie value. */
  static String login(TestWebServer web, String user, String password) {
    HttpResponse<String> page = web.send("GET", "/login", null, null, null);
    String csrf = value(cookie(page, "aloft_login_csrf"));
    HttpResponse<String> r =
        web.send(
            HttpRequest.newBuilder(URI.create(web.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "aloft_login_csrf=" + csrf)
                .POST(HttpRequest.BodyPublishers.ofString(
                    form("_csrf", csrf, "username", user, "password", password, "next", "/home")))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return value(cookie(r, Auth.SESSION_COOKIE));
  }

  @Test
  void loginSessionCsrfAndLogout() {
    try (TestWebServer web = new TestWebServer()) {
      HttpResponse<String> anonymous = web.send("GET", "/home", null, null, null);
      assertThat(anonymous.statusCode()).isEqualTo(302);
      assertThat(anonymous.headers().firstValue("Location")).hasValue("/login?next=%2Fhome");
      assertThat(web.send("GET", "/static/aloft.css", null, null, null).statusCode()).isEqualTo(200);

      HttpResponse<String> page = web.send("GET", "/login", null, null, null);
      String csrf = value(cookie(page, "aloft_login_csrf"));
      HttpResponse<String> wrong =
          web.send(
              HttpRequest.newBuilder(URI.create(web.url("/login")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", "aloft_login_csrf=" + csrf)
                  .POST(HttpRequest.BodyPublishers.ofString(form("_csrf", csrf, "username", "airflow", "password", "nope")))
                  .build());
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("Wrong user name or password");
      HttpResponse<String> forged =
          web.send(
              HttpRequest.newBuilder(URI.create(web.url("/login")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form("_csrf", "x", "username", "airflow", "password", "airflow")))
                  .build());
      assertThat(forged.statusCode()).isEqualTo(403);

      HttpResponse<String> ok =
          web.send(
              HttpRequest.newBuilder(URI.create(web.url("/login")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", "aloft_login_csrf=" + csrf)
                  .POST(HttpRequest.BodyPublishers.ofString(
                      form("_csrf", csrf, "username", "airflow", "password", "airflow", "next", "//evil.example")))
                  .build());
      assertThat(ok.statusCode()).isEqualTo(302);
      assertThat(ok.headers().firstValue("Location")).hasValue("/home");
      String sessionCookie = cookie(ok, Auth.SESSION_COOKIE);
      assertThat(sessionCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
      String session = value(sessionCookie);

      HttpResponse<String> home =
          web.send(HttpRequest.newBuilder(URI.create(web.url("/home"))).header("Cookie", Auth.SESSION_COOKIE + "=" + session).build());
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("default-password-warning");
      Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(home.body());
      assertThat(m.find()).isTrue();
      String token = m.group(1);

      // the API takes the session too; state changes need the CSRF header
      HttpRequest.Builder post =
          HttpRequest.newBuilder(URI.create(web.url("/api/v1/variables")))
              .header("Cookie", Auth.SESSION_COOKIE + "=" + session)
              .header("Content-Type", "application/json");
      assertThat(web.send(post.copy().POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\",\"value\":\"v\"}")).build()).statusCode())
          .isEqualTo(403);
      assertThat(web.send(post.copy().header(Auth.CSRF_HEADER, token)
              .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\",\"value\":\"v\"}")).build()).statusCode())
          .isEqualTo(200);

      HttpResponse<String> logout =
          web.send(
              HttpRequest.newBuilder(URI.create(web.url("/logout")))
                  .header("Cookie", Auth.SESSION_COOKIE + "=" + session)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form("_csrf", token)))
                  .build());
      assertThat(logout.statusCode()).isEqualTo(302);
      HttpResponse<String> after =
          web.send(HttpRequest.newBuilder(URI.create(web.url("/api/v1/dags"))).header("Cookie", Auth.SESSION_COOKIE + "=" + session).build());
      assertThat(after.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void failedLoginsAreThrottled() {
    try (TestWebServer web = new TestWebServer(new LoginThrottle(Clock.systemUTC(), 2, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1)))) {
      for (int i = 0; i < 3; i++) {
        assertThat(web.send("GET", "/api/v1/dags", null, "airflow", "guess" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> blocked = web.send("GET", "/api/v1/dags", null, "airflow", "airflow");
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void usersAndGeneratedPasswords() throws Exception {
    try (TestWebServer web = new TestWebServer()) {
      Users users = web.users;
      assertThat(users.list()).extracting(Users.User::username).containsExactly("airflow");
      assertThat(users.defaultPasswordInUse()).isTrue();
      users.create("alice", "s3cret-pass");
      assertThatThrownBy(() -> users.create("alice", "x")).hasMessageContaining("already exists");
      assertThat(web.send("GET", "/api/v1/dags", null, "alice", "s3cret-pass").statusCode()).isEqualTo(200);
      String hash = web.stores.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM web_user WHERE username = 'alice'").mapTo(String.class).one());
      assertThat(hash).startsWith("$2").doesNotContain("s3cret");

      String oldSession = login(web, "airflow", "airflow");
      Path env = new PasswordGenerator(users, web.home).generate();
      assertThat(web.send(HttpRequest.newBuilder(URI.create(web.url("/api/v1/dags")))
          .header("Cookie", Auth.SESSION_COOKIE + "=" + oldSession).build()).statusCode()).isEqualTo(401);
      assertThat(env).isEqualTo(web.home.resolve("env/airflow.env"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
      List<String> lines = Files.readAllLines(env);
      String password = lines.stream().filter(l -> l.startsWith("AIRFLOW_PASSWORD=")).findFirst().orElseThrow().substring(17);
      assertThat(password).hasSize(24);
      assertThat(users.defaultPasswordInUse()).isFalse();
      assertThat(web.send("GET", "/api/v1/dags", null, "airflow", "airflow").statusCode()).isEqualTo(401);
      assertThat(web.send("GET", "/api/v1/dags", null, "airflow", password).statusCode()).isEqualTo(200);
      String session = login(web, "airflow", password);
      HttpResponse<String> home =
          web.send(HttpRequest.newBuilder(URI.create(web.url("/home"))).header("Cookie", Auth.SESSION_COOKIE + "=" + session).build());
      assertThat(home.body()).doesNotContain("default-password-warning");

      assertThat(users.delete("alice")).isTrue();
      assertThat(users.delete("alice")).isFalse();
      assertThat(web.send("GET", "/api/v1/dags", null, "alice", "s3cret-pass").statusCode()).isEqualTo(401);
    }
  }
}
