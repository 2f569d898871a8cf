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
 * Encrypts the secrets the store keeps (connection passwords and extras) with the JDK's AES-256-GCM: each value
 * gets a fresh random 12-byte nonce, and the stored text is {@code base64url(nonce || ciphertext+tag)}. The key is
 * Airflow's {@code fernet_key} idea: {@code ALOFT_FERNET_KEY} when set, otherwise {@code <home>/env/fernet.key}
 * (generated, mode 600, on first start). Immutable and thread-safe.
 */
public final class SecretCipher {

  /** The key file under the data directory, next to {@code airflow.env}. */
  public static final String KEY_FILE = "fernet.key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String encodedKey;

  private SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an Aloft fernet key is 32 bytes, base64url-encoded (44 characters); this one"
          + " decodes to " + key.length + " bytes: generate one with `aloft connections rotate-key` or"
          + " `head -c 32 /dev/urandom | base64 | tr '+/' '-_'`");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.encodedKey = Base64.getUrlEncoder().encodeToString(key);
  }

  /** A cipher over a base64url (or plain base64) encoded 32-byte key. */
  public static SecretCipher ofKey(String encoded) {
    String k = encoded.strip().replace('+', '-').replace('/', '_');
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the fernet key is not base64: " + e.getMessage()
          + "; generate one with `head -c 32 /dev/urandom | base64 | tr '+/' '-_'`", e);
    }
    return new SecretCipher(bytes);
  }

  /** A cipher over a new random key. */
  public static SecretCipher generate() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new SecretCipher(k);
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
      if (Files.exists(file)) {
        return ofKey(Files.readString(file, StandardCharsets.UTF_8));
      }
      SecretCipher c = generate();
      c.writeTo(file);
      return c;
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
    Files.writeString(tmp, encodedKey + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The key, base64url-encoded (what {@code ALOFT_FERNET_KEY} takes). */
  public String encodedKey() {
    return encodedKey;
  }

  public String encrypt(String plain) {
    if (plain == null) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getUrlEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK: " + e, e);
    }
  }

  /** Decrypts what {@link #encrypt} wrote with the same key; a wrong key or altered text is refused. */
  public String decrypt(String sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored connection secret cannot be decrypted with this key: was"
          + " ALOFT_FERNET_KEY or <home>/env/" + KEY_FILE + " changed without `aloft connections rotate-key`?"
          + " Restore the key it was written with", e);
    }
  }
}
