package io.aloft.runtime.store;

import io.aloft.runtime.config.AloftConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the store keeps (connection passwords and extras, variable values, secret operator arguments
 * of stored DAG specs) with the JDK's AES-256-GCM: each value
 * gets a fresh random 12-byte nonce, and the stored text is {@code base64url(nonce || ciphertext+tag)}. The key is
 * Airflow's {@code fernet_key} idea: {@code ALOFT_FERNET_KEY} when set, otherwise {@code <home>/env/fernet.key}
 * (generated, mode 600, on first start). Thread-safe. A cipher over the key file follows {@code aloft connections
 * rotate-key} run by another process on the same data directory: it reads the file again before encrypting, and
 * after a value fails to decrypt with the key it holds.
 */
public final class SecretCipher {

  /** The key file under the data directory, next to {@code airflow.env}. */
  public static final String KEY_FILE = "fernet.key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Path file;
  private volatile Key current;

  /** One key, with its base64url text. */
  private record Key(SecretKeySpec spec, String encoded) {}

  private SecretCipher(byte[] key, Path file) {
    this.file = file;
    this.current = key(key);
  }

  private static Key key(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an Aloft fernet key is 32 bytes, base64url-encoded (44 characters); this one"
          + " decodes to " + key.length + " bytes: generate one with `aloft connections rotate-key` or"
          + " `head -c 32 /dev/urandom | base64 | tr '+/' '-_'`");
    }
    return new Key(new SecretKeySpec(key, "AES"), Base64.getUrlEncoder().encodeToString(key));
  }

  /** A cipher over a base64url (or plain base64) encoded 32-byte key. */
  public static SecretCipher ofKey(String encoded) {
    return new SecretCipher(decode(encoded), null);
  }

  private static byte[] decode(String encoded) {
    String k = encoded.strip().replace('+', '-').replace('/', '_');
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the fernet key is not base64: " + e.getMessage()
          + "; generate one with `head -c 32 /dev/urandom | base64 | tr '+/' '-_'`", e);
    }
    return bytes;
  }

  /** A cipher over a new random key. */
  public static SecretCipher generate() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new SecretCipher(k, null);
  }

  /**
   * The key of this configuration: {@code ALOFT_FERNET_KEY} if set, otherwise the key file under {@code
   * <home>/env/}, written now (mode 600) when there is none yet.
   */
  public static SecretCipher forConfig(AloftConfig config) {
    Optional<String> given = config.setting("fernet_key").filter(s -> !s.isBlank());
    if (given.isPresent()) {
      return ofKey(given.get());
    }
    Path file = keyFile(config.home());
    try {
      if (!Files.exists(file)) {
        generate().writeTo(file);
      }
      return new SecretCipher(decode(Files.readString(file, StandardCharsets.UTF_8)), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the connections key " + file + ": " + e.getMessage()
          + " (make <home>/env writable, or set ALOFT_FERNET_KEY)", e);
    }
  }

  /** Where the generated key of a data directory lives. */
  public static Path keyFile(Path home) {
    return home.resolve("env").resolve(KEY_FILE);
  }

  /** Writes this key to {@code file}, created with mode 600 before the key goes in; replaces an older one. */
  public void writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, current.encoded() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The key, base64url-encoded (what {@code ALOFT_FERNET_KEY} takes). */
  public String encodedKey() {
    return current.encoded();
  }

  /** Reads the key file again (when this cipher has one); true when it holds another key now. */
  private boolean reload() {
    if (file == null) {
      return false;
    }
    try {
      Key k = key(decode(Files.readString(file, StandardCharsets.UTF_8)));
      if (k.encoded().equals(current.encoded())) {
        return false;
      }
      current = k;
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false; // keep the key in hand; the caller reports the failure it had
    }
  }

  public String encrypt(String plain) {
    if (plain == null) {
      return null;
    }
    reload(); // never write with a key that another process has rotated away
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getUrlEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK: " + e, e);
    }
  }

  /**
   * A keyed digest of {@code plain} (HMAC-SHA-256 under a key derived from this one), hex: equal texts give equal
   * digests under one key, and nobody without the key can test a guess against it. Content hashes of stored specs
   * use it in place of their secret values.
   */
  public String digest(String plain) {
    reload();
    try {
      javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(current.spec().getEncoded(), "HmacSHA256"));
      byte[] digestKey = derive.doFinal("aloft spec digest".getBytes(StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JDK: " + e, e);
    }
  }

  /** Decrypts what {@link #encrypt} wrote with the same key; a wrong key or altered text is refused. */
  public String decrypt(String sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return decrypt(sealed, current);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (reload()) {
        try {
          return decrypt(sealed, current);
        } catch (GeneralSecurityException | IllegalArgumentException again) {
          e.addSuppressed(again);
        }
      }
      throw new IllegalStateException("a stored secret (connection, variable or sealed DAG argument) cannot be"
          + " decrypted with this key: was"
          + " ALOFT_FERNET_KEY or <home>/env/" + KEY_FILE + " changed without `aloft connections rotate-key`?"
          + " Restore the key it was written with", e);
    }
  }

  private static String decrypt(String sealed, Key key) throws GeneralSecurityException {
    byte[] in = Base64.getUrlDecoder().decode(sealed);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
    return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
  }
}
