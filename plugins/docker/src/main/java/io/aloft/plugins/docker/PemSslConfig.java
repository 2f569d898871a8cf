package io.aloft.plugins.docker;

import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.transport.SSLConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * TLS to a remote engine from the PEM files Airflow's {@code tls_ca_cert}, {@code tls_client_cert} and
 * {@code tls_client_key} name (docker-java's own config wants them in one folder with fixed names).
 */
final class PemSslConfig implements SSLConfig {

  private final DockerEndpoint endpoint;

  PemSslConfig(DockerEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public SSLContext getSSLContext() {
    // docker-java reads PEM through BouncyCastle's JCA provider, which must be registered by name.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    try {
      KeyManagerFactory keys = null;
      if (endpoint.tlsClientCert() != null && endpoint.tlsClientKey() != null) {
        KeyStore keyStore = CertificateUtils.createKeyStore(read(endpoint.tlsClientKey()), read(endpoint.tlsClientCert()));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "docker".toCharArray());
      }
      TrustManager[] trust;
      if (!endpoint.tlsVerify()) {
        trust = new TrustManager[] {new TrustEverything()};
      } else if (endpoint.tlsCaCert() != null) {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(CertificateUtils.createTrustStore(read(endpoint.tlsCaCert())));
        trust = tmf.getTrustManagers();
      } else {
        trust = null;
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust, new SecureRandom());
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new DockerTaskException(
          "cannot set up TLS to " + endpoint.url() + " from tls_ca_cert/tls_client_cert/tls_client_key: "
              + e.getMessage() + ": check that the files exist and hold PEM certificates and a PEM key",
          e);
    }
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  /** {@code tls_verify=False}: encrypt, but accept any server certificate, as docker-py does. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
