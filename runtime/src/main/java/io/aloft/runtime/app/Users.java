package io.aloft.runtime.app;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.aloft.runtime.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users of the UI and API: create, list, delete, set a password, verify credentials. Only bcrypt hashes are stored.
 * Thread-safe; one instance per process (it holds the cache below).
 *
 * <p>Checking a bcrypt hash costs tens of milliseconds on purpose. HTTP basic auth sends the password with
 * every request, so a successful check is remembered for a minute under a SHA-256 of the credentials
 * <em>and the stored hash</em>. The hash is read on every check (one indexed row), so a password changed by
 * any process ({@code aloft passwords generate}, another daemon) misses the cache at once; nothing needs to
 * be told.
 *
 * <p>bcrypt reads at most 72 bytes of a password. Longer passwords are refused when set, and a longer one
 * offered at login is simply wrong. A login for an unknown user still checks a hash, so that neither the
 * answer nor its timing tells real names from unknown ones.
 */
public final class Users {

  /** The well-known first user and password, as Airflow's docker-compose creates them. */
  public static final String DEFAULT_USERNAME = "airflow";

  public static final String DEFAULT_PASSWORD = "airflow";

  private static final int BCRYPT_COST = 10;
  private static final Duration VERIFIED_TTL = Duration.ofMinutes(1);
  /** bcrypt's input limit. */
  static final int MAX_PASSWORD_BYTES = 72;
  /** Checked for unknown users so that they cost as much as real ones. */
  private static final String DUMMY_HASH =
      BCrypt.withDefaults().hashToString(BCRYPT_COST, "aloft-no-such-user".toCharArray());

  /**
   * A user as {@code aloft users list} and {@code /users} show it.
   *
   * @param role the name of its role (see {@link Roles})
   * @param active whether it may log in
   * @param changedAt when its profile last changed; null if never
   * @param lastLogin when it last logged in to the UI; null if never
   * @param loginCount its successful UI logins
   * @param failedLoginCount its wrong passwords at the UI's login since its last successful one
   */
  public record User(String username, Instant createdAt, boolean defaultPassword, String role, String firstName,
      String lastName, String email, boolean active, Instant changedAt, Instant lastLogin, int loginCount,
      int failedLoginCount) {}

  /**
   * A user's profile fields to set; a null field keeps the current value (for a new user: empty, active).
   *
   * @param password a new password (null: keep)
   */
  public record Profile(String firstName, String lastName, String email, String role, Boolean active, String password) {}

  private final UserStore store;
  private final Clock clock;
  private final Roles roles;
  private final Map<String, Instant> verified = new ConcurrentHashMap<>();

  Users(UserStore store, Clock clock, Roles roles) {
    this.store = store;
    this.clock = clock;
    this.roles = roles;
  }

  /** Creates {@code airflow}/{@code airflow} when there is no user at all; returns whether it did. */
  public boolean ensureDefaultUser() {
    if (!list().isEmpty()) {
      return false;
    }
    store(DEFAULT_USERNAME, DEFAULT_PASSWORD, false);
    return true;
  }

  /**
   * Creates an Admin user: the trusted local path (first start, tests); adapters use {@link #create(Actor, String,
   * Profile)}.
   *
   * @throws IllegalArgumentException when the name is taken or blank, or the password is empty
   */
  public User create(String username, String password) {
    if (find(username).isPresent()) {
      throw new IllegalArgumentException(
          "user '" + username + "' already exists: delete it first with `aloft users delete " + username + "`");
    }
    store(username, password, false);
    return find(username).orElseThrow();
  }

  /**
   * Creates a user with a role and profile, for an Admin (the API's {@code POST /users}, {@code aloft users create}).
   *
   * @throws IllegalArgumentException when the name is taken or invalid, the password is missing or the role unknown
   * @throws PermissionDeniedException unless the actor may create users
   */
  public User create(Actor actor, String username, Profile p) {
    actor.require(Permission.create(Permission.USERS));
    Role role = roles.require(p.role() == null ? Role.VIEWER.name() : p.role());
    if (find(username).isPresent()) {
      throw new IllegalArgumentException(
          "user '" + username + "' already exists: delete it first with `aloft users delete " + username + "`");
    }
    store(username, p.password(), false, role.name());
    store.setProfile(username, role.name(), text(p.firstName()), text(p.lastName()), text(p.email()),
        p.active() == null || p.active(), null);
    return find(username).orElseThrow();
  }

  /**
   * Changes a user's profile, role, active flag or password (null fields are kept).
   *
   * @throws java.util.NoSuchElementException when there is no such user
   * @throws IllegalArgumentException for an unknown role, or when it would leave no active Admin
   * @throws PermissionDeniedException unless the actor may edit users
   */
  public User update(Actor actor, String username, Profile p) {
    actor.require(Permission.edit(Permission.USERS));
    User u = find(username).orElseThrow(() -> new java.util.NoSuchElementException("no user '" + username + "'"));
    String role = p.role() == null ? u.role() : roles.require(p.role()).name();
    boolean active = p.active() == null ? u.active() : p.active();
    if (u.active() && Role.ADMIN.name().equals(u.role()) && (!active || !Role.ADMIN.name().equals(role))
        && activeAdmins() <= 1) {
      throw new IllegalArgumentException("user '" + username + "' is the last active Admin: make another user Admin"
          + " first, or nobody could manage users any more");
    }
    if (p.password() != null) {
      store(username, p.password(), true, role);
    }
    store.setProfile(username, role, p.firstName() == null ? u.firstName() : p.firstName(),
        p.lastName() == null ? u.lastName() : p.lastName(), p.email() == null ? u.email() : p.email(), active,
        clock.instant());
    verified.clear();
    return find(username).orElseThrow();
  }

  /**
   * Deletes a user for an Admin; false when there was none.
   *
   * @throws IllegalArgumentException for the last active Admin
   * @throws PermissionDeniedException unless the actor may delete users
   */
  public boolean delete(Actor actor, String username) {
    actor.require(Permission.delete(Permission.USERS));
    Optional<User> u = find(username);
    if (u.isPresent() && u.get().active() && Role.ADMIN.name().equals(u.get().role()) && activeAdmins() <= 1) {
      throw new IllegalArgumentException("user '" + username + "' is the last active Admin: make another user Admin"
          + " first, or nobody could manage users any more");
    }
    return delete(username);
  }

  /**
   * The role of an active user, for the web server's authentication; empty for an unknown or inactive user, or
   * one whose stored role was deleted (such a user can do nothing).
   */
  public Optional<Role> roleOf(String username) {
    return store.activeRole(username).flatMap(roles::find);
  }

  private long activeAdmins() {
    return list().stream().filter(u -> u.active() && Role.ADMIN.name().equals(u.role())).count();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /** Sets a user's password, creating the user if needed; a new password logs the user out everywhere. */
  public void setPassword(String username, String password) {
    store(username, password, true);
  }

  private void store(String username, String password, boolean upsert) {
    store(username, password, upsert, Role.ADMIN.name());
  }

  private void store(String username, String password, boolean upsert, String role) {
    if (username == null || username.isBlank() || !username.matches("[A-Za-z0-9_.@-]{1,64}")) {
      throw new IllegalArgumentException(
          "a user name needs 1 to 64 letters, digits or . _ @ -, got '" + username + "'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the password of user '" + username + "' must not be empty");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "the password of user '" + username + "' is longer than bcrypt's " + MAX_PASSWORD_BYTES
              + " bytes: choose a shorter one");
    }
    String hash = BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
    store.put(username, hash, DEFAULT_PASSWORD.equals(password), clock.instant(), upsert, role);
    verified.clear();
  }

  public List<User> list() {
    return store.list().stream().map(Users::user).toList();
  }

  public Optional<User> find(String username) {
    return store.find(username).map(Users::user);
  }

  private static User user(UserStore.UserRow u) {
    return new User(u.username(), u.createdAt(), u.defaultPassword(), u.role(), u.firstName(), u.lastName(), u.email(),
        u.active(), u.changedAt(), u.lastLogin(), u.loginCount(), u.failedLoginCount());
  }

  /** Deletes a user and its sessions; returns false when there was none. */
  public boolean delete(String username) {
    boolean deleted = store.delete(username);
    verified.clear();
    return deleted;
  }

  /** Whether these credentials are right. Never throws for odd input: anything unusable is just wrong. */
  public boolean verify(String username, String password) {
    if (username == null || password == null || username.length() > 64 || username.indexOf('\0') >= 0) {
      BCrypt.verifyer().verify("x".toCharArray(), DUMMY_HASH.toCharArray());
      return false;
    }
    Optional<String> hash = store.passwordHash(username);
    boolean tooLong = password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    if (hash.isEmpty() || tooLong) {
      BCrypt.verifyer().verify("x".toCharArray(), DUMMY_HASH.toCharArray());
      return false;
    }
    // the stored hash is part of the key: a new password (set by any process) never hits an old entry
    String key = digest(username + '\0' + password + '\0' + hash.get());
    Instant now = clock.instant();
    Instant until = verified.get(key);
    if (until != null && until.isAfter(now)) {
      return true;
    }
    boolean ok;
    try {
      ok = BCrypt.verifyer().verify(password.toCharArray(), hash.get().toCharArray()).verified;
    } catch (IllegalArgumentException e) {
      ok = false; // a malformed stored hash: nobody gets in with it
    }
    if (ok) {
      if (verified.size() > 10_000) {
        verified.entrySet().removeIf(e -> !e.getValue().isAfter(now));
      }
      verified.put(key, now.plus(VERIFIED_TTL));
    }
    return ok;
  }

  /**
   * Records a login at the UI's login page (not the API's per-request credentials): last login and login count on
   * success, the failed-login count otherwise, as the users API shows them.
   */
  public void recordLogin(String username, boolean success) {
    if (username != null && username.length() <= 64 && username.indexOf('\0') < 0) {
      store.recordLogin(username, success, clock.instant());
    }
  }

  /** Whether any user still has the default password (the UI shows a warning until none has). */
  public boolean defaultPasswordInUse() {
    return store.anyDefaultPassword();
  }

  static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
