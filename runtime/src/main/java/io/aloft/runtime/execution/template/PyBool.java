package io.aloft.runtime.execution.template;

import com.fasterxml.jackson.annotation.JsonValue;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.io.IOException;

/**
 * A Python bool from the run's data (params, conf, XCom, variables): prints {@code True}/{@code False}
 * as Airflow does, where a Java Boolean would print {@code true}. Truthiness, {@code not}, {@code ==
 * true} and {@code tojson} behave as for a boolean.
 */
public enum PyBool implements PyishSerializable, HasObjectTruthValue {
  FALSE,
  TRUE;

  static PyBool of(boolean b) {
    return b ? TRUE : FALSE;
  }

  @Override
  public boolean getObjectTruthValue() {
    return this == TRUE;
  }

  @JsonValue
  public boolean json() {
    return this == TRUE;
  }

  @Override
  public String toString() {
    return this == TRUE ? "True" : "False";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
    return (T) appendable.append(toString());
  }
}
