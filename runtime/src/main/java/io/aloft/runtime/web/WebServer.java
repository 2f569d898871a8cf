package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiContext;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.api.RestApi;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.store.Stores;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI and Airflow's stable REST API ({@code /api/v1}) on one Javalin (Jetty) server, with login.
 *
 * <p>Wiring, in the daemon:
 *
 * <pre>{@code
 * Users users = new Users(stores.jdbi(), clock);
 * WebServer web = new WebServer(config, stores, users, runTrigger, new LogFiles(config.logsFolder()), clock,
 *     WebServer.Hooks.none().withSchedulerHeartbeat(scheduler::lastHeartbeat));
 * web.start();          // creates airflow/airflow if there is no user; listens on config.port() (0: any free port)
 * ...
 * web.stop();
 * }</pre>
 *
 * Requests run on virtual threads. Every route needs a login except {@code /login}, {@code /static/*},
 * {@code /health} and {@code /api/v1/health}.
 */
public final class WebServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /**
   * Optional views into the rest of the daemon.
   *
   * @param schedulerHeartbeat when the scheduler last looped (for {@code /health}); empty when unknown
   */
  public record Hooks(Supplier<Optional<Instant>> schedulerHeartbeat) {
    public static Hooks none() {
      return new Hooks(Optional::empty);
    }

    public Hooks withSchedulerHeartbeat(Supplier<Optional<Instant>> heartbeat) {
      return new Hooks(heartbeat);
    }
  }

  private final AloftConfig config;
  private final Users users;
  private final Javalin app;

  public WebServer(
      AloftConfig config, Stores stores, Users users, RunTrigger trigger, LogFiles logs, Clock clock, Hooks hooks) {
    this(config, stores, users, trigger, logs, clock, hooks, LoginThrottle.standard(clock));
  }

  WebServer(
      AloftConfig config,
      Stores stores,
      Users users,
      RunTrigger trigger,
      LogFiles logs,
      Clock clock,
      Hooks hooks,
      LoginThrottle throttle) {
    this.config = config;
    this.users = users;
    Sessions sessions = new Sessions(stores.jdbi(), clock, Duration.ofHours(12));
    Auth auth = new Auth(users, sessions, throttle);
    ApiContext apiContext =
        new ApiContext(stores, trigger, logs, clock, hooks.schedulerHeartbeat(),
            io.aloft.runtime.execution.SensitiveNames.of(config.settings()));
    RestApi api = new RestApi(apiContext);
    LoginPage login =
        new LoginPage(users, sessions, throttle,
            LoginPage.SecureCookies.of(config.setting("secure_cookies").orElse(null)));
    this.app =
        Javalin.create(
            cfg -> {
              cfg.useVirtualThreads = true;
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.jsonMapper(new JsonBytes(ApiJson.MAPPER));
              cfg.jetty.modifyServer(ErrorResponses::installOn);
              cfg.staticFiles.add(
                  s -> {
                    s.hostedPath = "/static";
                    s.directory = "/web/static";
                    s.location = Location.CLASSPATH;
                  });
            });
    app.before(
        ctx -> {
          ctx.header("X-Frame-Options", "DENY");
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "same-origin");
          ctx.header("Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        });
    app.before(auth::before);
    ErrorResponses.register(app);
    app.get("/health", api::health);
    app.get("/login", login::show);
    app.post("/login", login::submit);
    app.post("/logout", login::logout);
    api.register(app);
    new UiPages(stores, users, trigger, clock).register(app);
  }

  /** Creates the default user if there is none and starts listening. */
  public WebServer start() {
    if (users.ensureDefaultUser()) {
      LOG.warn("Created the default user airflow/airflow: run `./aloft passwords generate` to replace its password");
    }
    app.start(config.port());
    LOG.info("Aloft UI and API on http://localhost:{}/", port());
    return this;
  }

  /** The port it listens on (the real one when the configured port was 0). */
  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }
}
