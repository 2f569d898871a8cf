package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Connection;
import io.aloft.sdk.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends e-mail as Airflow's {@code send_email_smtp} does, for {@code EmailOperator} and {@code email_on_failure} /
 * {@code email_on_retry}: a small SMTP client (EHLO, STARTTLS, AUTH PLAIN, one multipart/mixed message with an HTML
 * part and attachments). The server comes from the {@code smtp_default} connection when there is one (host, port,
 * login, password, extra {@code from_email}/{@code disable_tls}/{@code disable_ssl}), else from the settings
 * {@code ALOFT_SMTP_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}, {@code _MAIL_FROM}, {@code _STARTTLS},
 * {@code _SSL}, {@code _TIMEOUT}. STARTTLS is on by default, as in Airflow, and a server that does not offer it is
 * refused rather than sent a password in clear. Stateless; one connection per message.
 */
public final class SmtpMail {

  /** One message; {@code files} are paths attached under their file names. */
  public record Message(List<String> to, List<String> cc, List<String> bcc, String subject, String html, List<String> files) {}

  private record Server(String host, int port, String user, String password, String from, boolean starttls, boolean ssl,
      int timeoutMs) {}

  private SmtpMail() {}

  /** Sends the message; throws with what to fix when the server is not configured or refuses it. */
  public static void send(TaskContext ctx, String connId, Message m) throws IOException {
    Server s = server(ctx, connId == null ? "smtp_default" : connId);
    if (s.password() != null) {
      ctx.registerSecret(s.password());
    }
    List<String> recipients = new ArrayList<>();
    recipients.addAll(m.to());
    recipients.addAll(m.cc());
    recipients.addAll(m.bcc());
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("the e-mail has no recipient: give `to`");
    }
    ctx.log().info("Sent an alert email to " + m.to() + " with subject '" + m.subject() + "'");
    try (Session session = new Session(s)) {
      session.expect(220);
      session.ehlo();
      if (!s.ssl() && s.starttls()) {
        if (!session.extensions.contains("STARTTLS")) {
          throw new IOException("the SMTP server " + s.host() + ":" + s.port() + " does not offer STARTTLS: set"
              + " ALOFT_SMTP_STARTTLS=false (or the smtp_default connection's extra {\"disable_tls\": true}) for a"
              + " server without TLS");
        }
        session.command("STARTTLS", 220);
        session.upgrade();
        session.ehlo();
      }
      if (s.user() != null && !s.user().isBlank()) {
        String token = Base64.getEncoder().encodeToString(
            ("\0" + s.user() + "\0" + (s.password() == null ? "" : s.password())).getBytes(StandardCharsets.UTF_8));
        session.command("AUTH PLAIN " + token, 235);
      }
      session.command("MAIL FROM:<" + s.from() + ">", 250);
      for (String r : recipients) {
        session.command("RCPT TO:<" + r + ">", 250);
      }
      session.command("DATA", 354);
      session.data(mime(s.from(), m));
      session.expect(250);
      session.command("QUIT", 221);
    }
  }

  private static Server server(TaskContext ctx, String connId) {
    Map<String, String> settings = ctx.settings();
    Connection c = ctx.connection(connId).orElse(null);
    Map<String, Object> extra = c == null || c.extra() == null ? Map.of() : c.extra();
    String host = c != null && c.host() != null ? c.host() : settings.get("smtp_host");
    if (host == null || host.isBlank()) {
      throw new IllegalStateException("no SMTP server: set ALOFT_SMTP_HOST (and ALOFT_SMTP_PORT, ALOFT_SMTP_MAIL_FROM) or"
          + " add a connection: aloft connections add " + connId + " --conn-type smtp --conn-host HOST --conn-port 587"
          + " --conn-login USER --conn-password PASSWORD");
    }
    boolean ssl = extra.containsKey("disable_ssl") ? !truthy(extra.get("disable_ssl"))
        : truthy(settings.getOrDefault("smtp_ssl", "false"));
    boolean starttls = extra.containsKey("disable_tls") ? !truthy(extra.get("disable_tls"))
        : truthy(settings.getOrDefault("smtp_starttls", "true"));
    int port = c != null && c.port() != null ? c.port() : Integer.parseInt(settings.getOrDefault("smtp_port", "25"));
    String user = c != null && c.login() != null ? c.login() : settings.get("smtp_user");
    String password = c != null && c.password() != null ? c.password() : settings.get("smtp_password");
    Object fromExtra = extra.get("from_email");
    String from = fromExtra != null ? fromExtra.toString() : settings.getOrDefault("smtp_mail_from", "airflow@example.com");
    int timeout = Integer.parseInt(settings.getOrDefault("smtp_timeout", "30")) * 1000;
    return new Server(host, port, user, password, from, starttls, ssl, timeout);
  }

  private static boolean truthy(Object v) {
    return v instanceof Boolean b ? b : v != null && List.of("true", "1", "yes", "on").contains(v.toString().toLowerCase());
  }

  /** The message in RFC 5322 / MIME form, CRLF line ends. */
  static String mime(String from, Message m) throws IOException {
    String boundary = "aloft-" + UUID.randomUUID();
    StringBuilder sb = new StringBuilder();
    sb.append("From: ").append(from).append("\r\n");
    sb.append("To: ").append(String.join(", ", m.to())).append("\r\n");
    if (!m.cc().isEmpty()) {
      sb.append("Cc: ").append(String.join(", ", m.cc())).append("\r\n");
    }
    sb.append("Subject: ").append(header(m.subject())).append("\r\n");
    sb.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
    sb.append("Message-ID: <").append(UUID.randomUUID()).append("@aloft>\r\n");
    sb.append("MIME-Version: 1.0\r\n");
    sb.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    sb.append(base64Lines(m.html() == null ? new byte[0] : m.html().getBytes(StandardCharsets.UTF_8)));
    for (String file : m.files()) {
      Path p = Path.of(file);
      sb.append("--").append(boundary).append("\r\n");
      sb.append("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n");
      sb.append("Content-Disposition: attachment; filename=\"").append(p.getFileName()).append("\"\r\n\r\n");
      sb.append(base64Lines(Files.readAllBytes(p)));
    }
    sb.append("--").append(boundary).append("--\r\n");
    return sb.toString();
  }

  private static String header(String text) {
    if (text == null) {
      return "";
    }
    boolean ascii = text.chars().allMatch(ch -> ch >= 32 && ch < 127);
    return ascii ? text : "=?utf-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  private static String base64Lines(byte[] bytes) {
    return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n";
  }

  /** One SMTP conversation. */
  private static final class Session implements AutoCloseable {
    private final Server server;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private String extensions = "";

    Session(Server server) throws IOException {
      this.server = server;
      Socket plain = server.ssl() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
      plain.connect(new InetSocketAddress(server.host(), server.port()), server.timeoutMs());
      plain.setSoTimeout(server.timeoutMs());
      use(plain);
    }

    private void use(Socket s) throws IOException {
      socket = s;
      in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out = s.getOutputStream();
    }

    void upgrade() throws IOException {
      SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
          .createSocket(socket, server.host(), server.port(), true);
      tls.startHandshake();
      use(tls);
    }

    void ehlo() throws IOException {
      extensions = command("EHLO " + localName(), 250).toUpperCase();
    }

    private static String localName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }

    String command(String line, int expected) throws IOException {
      write(line + "\r\n");
      return expect(expected);
    }

    void data(String message) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (String line : message.split("\r\n", -1)) {
        sb.append(line.startsWith(".") ? "." + line : line).append("\r\n");
      }
      sb.setLength(sb.length() - 2); // the split's last, empty part
      write(sb + ".\r\n");
    }

    private void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Reads one (multi-line) reply; throws with the server's words unless its code is {@code expected}. */
    String expect(int expected) throws IOException {
      StringBuilder reply = new StringBuilder();
      String line;
      do {
        line = in.readLine();
        if (line == null) {
          throw new IOException("the SMTP server " + server.host() + ":" + server.port() + " closed the connection");
        }
        reply.append(line).append('\n');
      } while (line.length() > 3 && line.charAt(3) == '-');
      if (!line.startsWith(String.valueOf(expected))) {
        throw new IOException("the SMTP server " + server.host() + ":" + server.port() + " answered: " + reply.toString().strip());
      }
      return reply.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
