package io.aloft.runtime.execution.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's {@code str} methods that DAG templates call on strings ({@code '{{ params.env.upper() }}'},
 * {@code ds.split('-')}), which Jinjava would otherwise send to {@link String}'s Java methods: {@code
 * upper}, {@code lower}, {@code strip}/{@code lstrip}/{@code rstrip} (with optional characters), {@code
 * startswith}, {@code endswith}, {@code split}/{@code rsplit} (literal separator), {@code replace},
 * {@code join}, {@code title}, {@code capitalize}, {@code zfill}, {@code isdigit}, {@code find}. Other
 * methods fall through to Jinjava's resolvers.
 */
final class PyStringMethods extends ELResolver {

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
    if (!(base instanceof String s) || method == null) {
      return null;
    }
    Object[] args = params == null ? new Object[0] : params;
    Object result = call(s, method.toString(), args);
    if (result != null) {
      context.setPropertyResolved(true);
    }
    return result;
  }

  /** The result, or null when this is not a Python method we implement. */
  private static Object call(String s, String name, Object[] a) {
    return switch (name) {
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "strip" -> a.length == 0 ? s.strip() : rstrip(lstrip(s, str(a[0])), str(a[0]));
      case "lstrip" -> a.length == 0 ? s.stripLeading() : lstrip(s, str(a[0]));
      case "rstrip" -> a.length == 0 ? s.stripTrailing() : rstrip(s, str(a[0]));
      case "startswith" -> PyBool.of(s.startsWith(str(a[0])));
      case "endswith" -> PyBool.of(s.endsWith(str(a[0])));
      case "split" -> split(s, a);
      case "rsplit" -> a.length < 2 ? split(s, a) : null;
      case "replace" -> a.length == 2 ? s.replace(str(a[0]), str(a[1])) : null;
      case "join" -> a.length == 1 && a[0] instanceof Collection<?> c ? join(s, c) : null;
      case "title" -> title(s);
      case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
      case "zfill" -> zfill(s, ((Number) a[0]).intValue());
      case "isdigit" -> PyBool.of(!s.isEmpty() && s.chars().allMatch(Character::isDigit));
      case "find" -> (long) s.indexOf(str(a[0]));
      default -> null;
    };
  }

  private static String str(Object o) {
    return String.valueOf(o);
  }

  private static List<String> split(String s, Object[] a) {
    if (a.length == 0 || a[0] == null || a[0] == PyNone.NONE) {
      String t = s.strip();
      return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
    return new ArrayList<>(Arrays.asList(s.split(Pattern.quote(str(a[0])), -1)));
  }

  private static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  private static String rstrip(String s, String chars) {
    int i = s.length();
    while (i > 0 && chars.indexOf(s.charAt(i - 1)) >= 0) {
      i--;
    }
    return s.substring(0, i);
  }

  private static String join(String sep, Collection<?> items) {
    List<String> parts = new ArrayList<>();
    items.forEach(i -> parts.add(String.valueOf(i)));
    return String.join(sep, parts);
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (char ch : s.toCharArray()) {
      out.append(start ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
      start = !Character.isLetter(ch);
    }
    return out.toString();
  }

  private static String zfill(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    boolean signed = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+');
    String digits = signed ? s.substring(1) : s;
    return (signed ? s.substring(0, 1) : "") + "0".repeat(width - s.length()) + digits;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {}

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }
}
