package com.stedi.lakehouse.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server in this JVM (S3Proxy over an in-memory store), reached over HTTP with
 * path-style addressing, and a plain AWS SDK client for the test's own reads and writes.
 */
public final class S3Endpoint implements AutoCloseable {
  /** The credentials S3Proxy checks; the product reads them from the default provider chain. */
  public static final String ACCESS_KEY = "test-access";

  public static final String SECRET_KEY = "test-secret";

  private static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
  private static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";

  private final S3Proxy proxy;
  private final URI uri;
  private final S3Client client;

  private S3Endpoint(S3Proxy proxy, URI uri, S3Client client) {
    this.proxy = proxy;
    this.uri = uri;
    this.client = client;
  }

  /**
   * Sets the system properties the AWS SDK's default provider chain reads first to {@link
   * #ACCESS_KEY} and {@link #SECRET_KEY}; closing restores what they were.
   */
  public static AutoCloseable useTestCredentials() {
    Map<String, String> previous = new LinkedHashMap<>();
    Map.of(ACCESS_KEY_PROPERTY, ACCESS_KEY, SECRET_KEY_PROPERTY, SECRET_KEY)
        .forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
    return () ->
        previous.forEach(
            (key, value) -> {
              if (value == null) {
                System.clearProperty(key);
              } else {
                System.setProperty(key, value);
              }
            });
  }

  public static S3Endpoint start() throws Exception {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .stopTimeout(0)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    URI uri = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client client =
        S3Client.builder()
            .endpointOverride(uri)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    return new S3Endpoint(proxy, uri, client);
  }

  public URI uri() {
    return uri;
  }

  public S3Client client() {
    return client;
  }

  /** A new client of this endpoint whose requests and responses meet these faults. */
  public S3Client client(StoreFaults faults) {
    return S3Client.builder()
        .endpointOverride(uri)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(faults))
        .build();
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, String content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  public void upload(String bucket, String key, Path file) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  /** Keys under a prefix, in key order. */
  public List<String> keys(String bucket, String prefix) {
    return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  public byte[] get(String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }
}
