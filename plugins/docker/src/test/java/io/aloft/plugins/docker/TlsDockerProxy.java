package io.aloft.plugins.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TLS endpoint in front of the local Docker socket that demands a client certificate, like a dockerd
 * started with {@code --tlsverify}: a CA, a server and a client certificate are made at start and written as
 * PEM files ({@code ca.pem}, {@code cert.pem}, {@code key.pem}) for Airflow's {@code tls_*} arguments.
 */
final class TlsDockerProxy implements AutoCloseable {

  final Path ca;
  final Path clientCert;
  final Path clientKey;
  private final SSLServerSocket server;
  private final Path socket;

  TlsDockerProxy(Path dir, Path dockerSocket) throws Exception {
    this.socket = dockerSocket;
    KeyPair caKeys = rsa();
    X509Certificate caCert = certificate("CN=aloft-test-ca", caKeys, "CN=aloft-test-ca", caKeys.getPrivate(), true);
    KeyPair serverKeys = rsa();
    X509Certificate serverCert = certificate("CN=localhost", serverKeys, "CN=aloft-test-ca", caKeys.getPrivate(), false);
    KeyPair clientKeys = rsa();
    X509Certificate client = certificate("CN=aloft-client", clientKeys, "CN=aloft-test-ca", caKeys.getPrivate(), false);
    ca = write(dir.resolve("ca.pem"), caCert);
    clientCert = write(dir.resolve("cert.pem"), client);
    clientKey = write(dir.resolve("key.pem"), clientKeys.getPrivate());

    KeyStore serverStore = KeyStore.getInstance("PKCS12");
    serverStore.load(null, null);
    serverStore.setKeyEntry("server", serverKeys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {serverCert, caCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverStore, "pw".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", caCert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    Thread.ofVirtual().start(this::accept);
  }

  String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        SocketChannel docker = SocketChannel.open(StandardProtocolFamily.UNIX);
        docker.connect(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> pump(client, docker, true));
        Thread.ofVirtual().start(() -> pump(client, docker, false));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void pump(Socket client, SocketChannel docker, boolean up) {
    try (InputStream in = up ? client.getInputStream() : Channels.newInputStream(docker);
        OutputStream out = up ? Channels.newOutputStream(docker) : client.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException done) {
      // One side closed.
    } finally {
      try {
        client.close();
        docker.close();
      } catch (IOException ignored) {
        // Closing.
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean isCa)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
        new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      w.writeObject(pemObject);
    }
    return Files.writeString(file, text.toString());
  }
}
