package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.api.Callers;
import io.aloft.runtime.api.TrustedProxies;
import io.aloft.runtime.api.RestApi;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI and Airflow's stable REST API ({@code /api/v1}) on one Javalin (Jetty) server, with login, over the
 * application services. Built by the composition root ({@code Aloft.web()}); the daemon starts it last and stops it
 * first:
 *
 * <pre>{@code
 * WebServer web = aloft.web().start();  // creates airflow/airflow if there is no user; listens on config.port() (0: any free port)
 * ...
 * web.stop();
 * }</pre>
 *
 * Requests run on virtual threads. Every route needs a login except {@code /login}, {@code /static/*},
 * {@code /health} and {@code /api/v1/health} (and {@code /metrics} when {@code ALOFT_METRICS_PUBLIC=true}).
 */
public final class WebServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final AloftConfig config;
  private final Users users;
  private final Javalin app;

  /** Where the metrics are served, in Prometheus' text format. */
  static final String METRICS = "/metrics";

  public WebServer(AloftConfig config, Application services, Clock clock, PluginExtensions extensions) {
    this(config, services, clock, extensions, Metrics.none());
  }

  /** @param metrics what {@code /metrics} serves (the daemon's; {@link Metrics#none()} serves an empty page) */
  public WebServer(AloftConfig config, Application services, Clock clock, PluginExtensions extensions, Metrics metrics) {
    this(config, services, clock, extensions, LoginThrottle.standard(clock), metrics);
  }

  WebServer(AloftConfig config, Application services, Clock clock, PluginExtensions extensions, LoginThrottle throttle) {
    this(config, services, clock, extensions, throttle, Metrics.none());
  }

  private WebServer(AloftConfig config, Application services, Clock clock, PluginExtensions extensions,
      LoginThrottle throttle, Metrics metrics) {
    this.config = config;
    this.users = services.users();
    Sessions sessions = services.sessions();
    boolean metricsPublic = config.setting("metrics_public").map(Boolean::parseBoolean).orElse(false);
    Auth auth = new Auth(users, sessions, throttle, metricsPublic);
    RestApi api = new RestApi(services, extensions);
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
              // the graph layout and chart libraries (Assets), versioned paths cached by the browser for a year
              cfg.staticFiles.enableWebjars();
            });
    TrustedProxies proxies = TrustedProxies.parse(config.setting(TrustedProxies.SETTING).orElse(null));
    app.before(
        ctx -> {
          Callers.resolveAddress(ctx, proxies); // before anything throttles or audits by address
          ctx.header("X-Frame-Options", "DENY");
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "same-origin");
          ctx.header("Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        });
    app.before(auth::before);
    ErrorResponses.register(app);
    app.get("/health", api::health);
    app.get(METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/login", login::show);
    app.post("/login", login::submit);
    app.post("/logout", login::logout);
    api.register(app);
    new UiPages(services, clock).register(app);
    List<Map.Entry<String, String>> pluginNav = PluginPages.register(app, extensions, users);
    app.before(ctx -> ctx.attribute(PluginPages.NAV_ATTR, pluginNav));
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
