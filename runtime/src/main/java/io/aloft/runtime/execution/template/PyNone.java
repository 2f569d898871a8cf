package io.aloft.runtime.execution.template;

import com.fasterxml.jackson.annotation.JsonValue;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.io.IOException;

/**
 * Python's {@code None} inside templates. Jinjava treats a null result as an unknown name (our
 * StrictUndefined), so values that are really None — a conf key set to null, a missing XCom, {@code
 * dict.get('k')} — become this falsy object that prints {@code None}, as in Airflow.
 */
public enum PyNone implements PyishSerializable, HasObjectTruthValue {
  NONE;

  @Override
  public boolean getObjectTruthValue() {
    return false;
  }

  @JsonValue
  public Object json() {
    return null;
  }

  @Override
  public String toString() {
    return "None";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
    return (T) appendable.append("None");
  }
}
