package io.aloft.runtime.web;

/**
 * The JavaScript libraries the UI takes from WebJars (Maven Central), served by Javalin under {@code /webjars/}.
 * Their versions are the POM's ({@code dagre.version}, {@code chartjs.version}); {@code AssetsTest} fails when a
 * version bump leaves a path here behind.
 */
final class Assets {

  /** dagre: the layered (Sugiyama) layout of the graph view; its bundle includes graphlib and lodash. */
  static final String DAGRE = "/webjars/dagre/0.8.4/dist/dagre.min.js";
  /** Chart.js: the run's Gantt chart and plugin pages' line charts. */
  static final String CHART_JS = "/webjars/chart.js/4.4.1/dist/chart.umd.js";

  private Assets() {}
}
