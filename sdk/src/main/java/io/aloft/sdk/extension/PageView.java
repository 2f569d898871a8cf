package io.aloft.sdk.extension;

import java.util.List;

/**
 * What a plugin page shows: a title and blocks in order. Plain data: the runtime renders it and escapes every value.
 */
public record PageView(String title, List<Block> blocks) {

  public PageView {
    blocks = List.copyOf(blocks);
  }

  /** One part of a page. */
  public sealed interface Block permits Heading, Paragraph, Table, LineChart {}

  /** A section heading. */
  public record Heading(String text) implements Block {}

  /**
   * Lines over a shared x axis, e.g. each evaluation score across a model's saved versions.
   *
   * @param xLabels one label per point, left to right
   * @param series each line; a {@code null} value leaves a gap
   * @param yMin the bottom of the y axis
   * @param yMax the top of the y axis
   */
  public record LineChart(String title, List<String> xLabels, List<Series> series, double yMin, double yMax)
      implements Block {
    public LineChart {
      xLabels = List.copyOf(xLabels);
      series = List.copyOf(series);
    }
  }

  /** One line of a {@link LineChart}. */
  public record Series(String name, List<Double> values) {
    public Series {
      values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
  }

  /** A paragraph of text. */
  public record Paragraph(String text) implements Block {}

  /**
   * A table; cells are shown as text ({@code null} as empty).
   *
   * @param emptyText shown instead of the table when it has no rows
   */
  public record Table(List<String> columns, List<List<Object>> rows, String emptyText) implements Block {
    public Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
  }
}
