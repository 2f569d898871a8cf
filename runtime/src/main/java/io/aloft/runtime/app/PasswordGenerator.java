package io.aloft.runtime.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * {@code aloft passwords generate}: gives the {@code airflow} user a new random password, stores only
 * its hash, and writes the plain credentials to {@code <home>/env/airflow.env} (mode 600) for the person
 * who runs Aloft. Usage: {@code Path p = new PasswordGenerator(users, config.home()).generate();}
 */
public final class PasswordGenerator {

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int LENGTH = 24;

  private final Users users;
  private final Path home;
  private final SecureRandom random;

  public PasswordGenerator(Users users, Path home) {
    this(users, home, new SecureRandom());
  }

  PasswordGenerator(Users users, Path home, SecureRandom random) {
    this.users = users;
    this.home = home;
    this.random = random;
  }

  /** Sets a new random password for {@code airflow} and returns the env file that holds it. */
  public Path generate() {
    String password = randomPassword();
    users.setPassword(Users.DEFAULT_USERNAME, password);
    Path file = home.resolve("env").resolve("airflow.env");
    String text =
        "# Written by `aloft passwords generate`: the login of the Aloft UI and REST API.\n"
            + "AIRFLOW_USERNAME="
            + Users.DEFAULT_USERNAME
            + "\nAIRFLOW_PASSWORD="
            + password
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      // created with mode 600 before any secret is written into it
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  String randomPassword() {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
