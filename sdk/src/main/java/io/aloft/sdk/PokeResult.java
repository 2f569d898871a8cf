package io.aloft.sdk;

/** One poke's answer: whether the condition is met, and the XCom value to push when it is. */
public record PokeResult(boolean done, Object xcomValue) {

  public static PokeResult done(Object xcomValue) {
    return new PokeResult(true, xcomValue);
  }

  public static PokeResult notYet() {
    return new PokeResult(false, null);
  }
}
