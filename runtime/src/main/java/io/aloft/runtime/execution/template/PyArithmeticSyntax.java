package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;

/**
 * Jinjava's expression syntax with Python's date arithmetic: {@code date + timedelta}, {@code timedelta +
 * date}, {@code date - timedelta}, {@code date - date} (a timedelta), {@code timedelta ± timedelta} and {@code date ± relativedelta}, as
 * Airflow's Jinja (Python) evaluates them. Every other operand pair keeps Jinjava's own {@code +}/{@code -}.
 *
 * <p>Jinjava has no hook for operator overloading, so {@link #install} swaps the expression factory of a
 * {@link Jinjava} for one built with this syntax (same properties and type converter as Jinjava's own).
 * Public only because Jinjava instantiates the tree builder by class name. Stateless and thread-safe.
 */
public final class PyArithmeticSyntax extends ExtendedSyntaxBuilder {

  private static final AddOperator ADD = new AddOperator();
  private static final SubOperator SUB = new SubOperator();

  /** Called by the expression factory with its profile's features (method calls, varargs). */
  public PyArithmeticSyntax(Feature... features) {
    super(features);
  }

  @Override
  protected Parser createParser(String expression) {
    return new ExtendedParser(this, expression) {
      @Override
      protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
        if (operator == AdditionOperator.OP) {
          return super.createAstBinary(left, right, ADD);
        }
        if (operator == AstBinary.SUB) {
          return super.createAstBinary(left, right, SUB);
        }
        return super.createAstBinary(left, right, operator);
      }
    };
  }

  /** Replaces {@code jinjava}'s (non-eager) expression factory with one that uses this syntax. */
  static void install(Jinjava jinjava) {
    Properties props = new Properties();
    props.setProperty(TreeBuilder.class.getName(), PyArithmeticSyntax.class.getName());
    props.setProperty("jinjava.javax.el.cacheSize", "0"); // as Jinjava's own factory
    ExpressionFactoryImpl factory = new ExpressionFactoryImpl(props, new TruthyTypeConverter());
    try {
      java.lang.reflect.Field f = Jinjava.class.getDeclaredField("expressionFactory");
      f.setAccessible(true);
      f.set(jinjava, factory);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Jinjava version has no expressionFactory field to replace", e);
    }
  }

  /** {@code +}: Python's datetime/timedelta sums, else Jinjava's addition (numbers, strings, lists). */
  private static final class AddOperator extends AdditionOperator {
    @Override
    protected Object apply(TypeConverter converter, Object a, Object b) {
      if (a instanceof PyDateTime d && b instanceof PyTimedelta t) {
        return d.plus(t);
      }
      if (a instanceof PyTimedelta t && b instanceof PyDateTime d) {
        return d.plus(t);
      }
      if (a instanceof PyTimedelta x && b instanceof PyTimedelta y) {
        return new PyTimedelta(x.duration().plus(y.duration()));
      }
      if (a instanceof PyDateTime d && b instanceof PyRelativedelta r) {
        return d.plus(r, 1);
      }
      if (a instanceof PyRelativedelta r && b instanceof PyDateTime d) {
        return d.plus(r, 1);
      }
      return super.apply(converter, a, b);
    }
  }

  /** {@code -}: Python's datetime/timedelta differences, else Jinjava's numeric subtraction. */
  private static final class SubOperator extends AstBinary.SimpleOperator {
    @Override
    protected Object apply(TypeConverter converter, Object a, Object b) {
      if (a instanceof PyDateTime d && b instanceof PyTimedelta t) {
        return d.minus(t);
      }
      if (a instanceof PyDateTime x && b instanceof PyDateTime y) {
        return new PyTimedelta(java.time.Duration.between(y.toInstant(), x.toInstant()));
      }
      if (a instanceof PyTimedelta x && b instanceof PyTimedelta y) {
        return new PyTimedelta(x.duration().minus(y.duration()));
      }
      if (a instanceof PyDateTime d && b instanceof PyRelativedelta r) {
        return d.plus(r, -1);
      }
      return NumberOperations.sub(converter, a, b);
    }

    @Override
    public String toString() {
      return "-";
    }
  }
}
