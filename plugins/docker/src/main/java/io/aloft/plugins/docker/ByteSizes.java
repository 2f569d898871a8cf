package io.aloft.plugins.docker;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes as docker-py does: a number of bytes, or a string like {@code "512m"}, {@code "1g"}, {@code "64MB"}. */
final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)b?\\s*");

  private ByteSizes() {}

  static Long parse(String argument, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    Matcher m = SIZE.matcher(value.toString().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          argument + "=" + value + " is not a size: use bytes or a number with b, k, m or g (e.g. '512m')");
    }
    double number = Double.parseDouble(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          case "t" -> 1L << 40;
          default -> 1L;
        };
    return (long) (number * unit);
  }
}
