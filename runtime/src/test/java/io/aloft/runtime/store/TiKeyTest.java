package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TiKey's written-out equality says what the record's would: all four parts, nulls allowed. */
class TiKeyTest {

  @Test
  void equalWhenAllFourPartsAreEqual() {
    TiKey k = new TiKey("d", "r", "t", -1);
    assertThat(k).isEqualTo(new TiKey(new String("d"), new String("r"), new String("t"), -1));
    assertThat(k.hashCode()).isEqualTo(new TiKey("d", "r", "t", -1).hashCode());
    assertThat(k).isNotEqualTo(new TiKey("e", "r", "t", -1));
    assertThat(k).isNotEqualTo(new TiKey("d", "s", "t", -1));
    assertThat(k).isNotEqualTo(new TiKey("d", "r", "u", -1));
    assertThat(k).isNotEqualTo(new TiKey("d", "r", "t", 0));
    assertThat(k).isNotEqualTo("d/r/t");
    assertThat(k).isNotEqualTo(null);
  }

  @Test
  void nullPartsCompareWithoutFailing() {
    assertThat(new TiKey(null, "r", "t", 0)).isEqualTo(new TiKey(null, "r", "t", 0));
    assertThat(new TiKey(null, "r", "t", 0)).isNotEqualTo(new TiKey("d", "r", "t", 0));
    assertThat(new TiKey("d", null, null, 0).hashCode()).isEqualTo(new TiKey("d", null, null, 0).hashCode());
  }

  @Test
  void keysOfOneRunSpreadInAHashSet() {
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      hashes.add(new TiKey("d", "r", "t" + i, -1).hashCode());
      hashes.add(new TiKey("d", "r", "m", i).hashCode());
    }
    assertThat(hashes).hasSize(200);
  }
}
