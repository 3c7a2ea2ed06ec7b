package io.cachedfactory.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The test harness {@link S3ProxyServer} and the semantics of S3Proxy that the S3 tier relies on:
 * user metadata, conditional writes (single and multipart), signature checking, data that survives
 * a crash of the server, and a client that gives up on a hung server.
 *
 * <p>One server serves the tests that leave it as they found it; the tests that kill or stall a
 * server start their own. The clients keep the SDK's checksum defaults (uploads {@code aws-chunked}
 * with signed chunks and a CRC32 trailer), so every upload here also shows S3Proxy takes them.
 */
class S3ProxyServerTest {

    private static final int MIB = 1024 * 1024;
    private static final int PRECONDITION_FAILED = 412;
    private static final int FORBIDDEN = 403;
    private static final Map<String, String> METADATA = Map.of(
            "cachedfactory-format", "1", "cachedfactory-fingerprint", "9f86d081884c7d65");

    @TempDir
    static Path sharedDirectory;

    private static S3ProxyServer shared;
    private static S3Client client;

    @TempDir
    Path ownDirectory;

    @BeforeAll
    static void startSharedServer() {
        shared = S3ProxyServer.start(sharedDirectory.resolve("data"));
        client = shared.client();
    }

    @AfterAll
    static void stopSharedServer() {
        if (client != null) {
            client.close();
        }
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void putThenGet_returnsTheBytesAndTheUserMetadata() {
        shared.createBucket("round-trip");
        byte[] payload = bytes(1000, 1);

        PutObjectResponse put = client.putObject(request -> request.bucket("round-trip")
                .key("entries/ab/cd").metadata(METADATA).contentType("application/octet-stream"),
                RequestBody.fromBytes(payload));

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(
                request -> request.bucket("round-trip").key("entries/ab/cd"));
        assertArrayEquals(payload, got.asByteArray());
        assertEquals(METADATA, got.response().metadata());
        assertEquals(put.eTag(), got.response().eTag());
        HeadObjectResponse head = client.headObject(
                request -> request.bucket("round-trip").key("entries/ab/cd"));
        assertEquals(METADATA, head.metadata());
        assertEquals(payload.length, head.contentLength());
        assertEquals(put.eTag(), head.eTag());
        // The store's files are where the harness says: the bucket is a directory of the data.
        assertTrue(Files.isDirectory(shared.dataDirectory().resolve("round-trip")));
    }

    @Test
    void listWithPrefix_thenDelete_forgetsTheObject() {
        shared.createBucket("listing");
        for (String key : List.of("entries/aa/1", "entries/aa/2", "entries/ab/1", "leases/aa")) {
            client.putObject(request -> request.bucket("listing").key(key),
                    RequestBody.fromString(key));
        }

        List<String> listed = client.listObjectsV2(request -> request.bucket("listing")
                .prefix("entries/aa/")).contents().stream().map(S3Object::key).toList();
        assertEquals(List.of("entries/aa/1", "entries/aa/2"), listed);

        client.deleteObject(request -> request.bucket("listing").key("entries/aa/1"));
        assertThrows(NoSuchKeyException.class, () -> client.headObject(
                request -> request.bucket("listing").key("entries/aa/1")));
        assertEquals(List.of("entries/aa/2"), client.listObjectsV2(request -> request
                .bucket("listing").prefix("entries/aa/")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void putIfNoneMatch_onAnExistingKey_failsWith412AndLeavesTheObject() {
        shared.createBucket("if-none-match");
        PutObjectResponse first = client.putObject(request -> request.bucket("if-none-match")
                .key("k").ifNoneMatch("*"), RequestBody.fromString("first"));

        S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                request -> request.bucket("if-none-match").key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")));

        assertEquals(PRECONDITION_FAILED, refused.statusCode(), refused::toString);
        ResponseBytes<GetObjectResponse> kept = client.getObjectAsBytes(
                request -> request.bucket("if-none-match").key("k"));
        assertEquals("first", kept.asUtf8String());
        assertEquals(first.eTag(), kept.response().eTag());
    }

    @Test
    void putIfMatch_succeedsWithTheCurrentETagAndFailsWith412WithAStaleOne() {
        shared.createBucket("if-match");
        String staleETag = client.putObject(request -> request.bucket("if-match").key("k"),
                RequestBody.fromString("one")).eTag();

        String currentETag = client.putObject(request -> request.bucket("if-match").key("k")
                .ifMatch(staleETag), RequestBody.fromString("two")).eTag();
        S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                request -> request.bucket("if-match").key("k").ifMatch(staleETag),
                RequestBody.fromString("three")));

        assertNotEquals(staleETag, currentETag);
        assertEquals(PRECONDITION_FAILED, refused.statusCode(), refused::toString);
        assertEquals("two", client.getObjectAsBytes(
                request -> request.bucket("if-match").key("k")).asUtf8String());
    }

    @Test
    void multipartUpload_completesIfNoneMatch_andASecondConditionalCompleteFailsWith412() {
        shared.createBucket("multipart");
        byte[] firstPart = bytes(5 * MIB, 2);
        byte[] lastPart = bytes(1024, 3);

        String firstETag = uploadInTwoParts("multipart", "big", firstPart, lastPart);

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(
                request -> request.bucket("multipart").key("big"));
        assertArrayEquals(concat(firstPart, lastPart), got.asByteArray());
        assertEquals(METADATA, got.response().metadata(), "the metadata of CreateMultipartUpload");
        assertEquals(firstETag, got.response().eTag());

        S3Exception refused = assertThrows(S3Exception.class, () -> uploadInTwoParts(
                "multipart", "big", bytes(5 * MIB, 4), bytes(10, 5)));

        assertEquals(PRECONDITION_FAILED, refused.statusCode(), refused::toString);
        assertEquals(firstETag, client.headObject(
                request -> request.bucket("multipart").key("big")).eTag());
    }

    @Test
    void wrongSecretKey_isRefusedWith403() {
        shared.createBucket("signed");
        client.putObject(request -> request.bucket("signed").key("k"), RequestBody.fromString("v"));

        try (S3Client forger = shared.clientBuilder()
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        shared.accessKey(), "not-the-secret-key-but-also-40-chars-long")))
                .build()) {
            S3Exception refused = assertThrows(S3Exception.class, () -> forger.getObjectAsBytes(
                    request -> request.bucket("signed").key("k")));
            assertEquals(FORBIDDEN, refused.statusCode(), refused::toString);
            assertEquals("SignatureDoesNotMatch", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void killThenRestart_onTheSamePort_keepsWhatWasWritten() {
        try (S3ProxyServer server = S3ProxyServer.start(ownDirectory.resolve("data"));
                S3Client own = server.clientBuilder()
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)))
                        .build()) {
            server.createBucket("durable");
            byte[] payload = bytes(4096, 6);
            String eTag = own.putObject(request -> request.bucket("durable").key("k")
                    .metadata(METADATA).ifNoneMatch("*"), RequestBody.fromBytes(payload)).eTag();
            int port = server.port();

            server.kill();
            assertFalse(server.isRunning());
            assertThrows(SdkClientException.class, () -> own.headObject(
                    request -> request.bucket("durable").key("k")));
            server.restart();

            assertEquals(port, server.port());
            ResponseBytes<GetObjectResponse> got = own.getObjectAsBytes(
                    request -> request.bucket("durable").key("k"));
            assertArrayEquals(payload, got.asByteArray());
            assertEquals(METADATA, got.response().metadata());
            assertEquals(eTag, got.response().eTag());
            S3Exception refused = assertThrows(S3Exception.class, () -> own.putObject(
                    request -> request.bucket("durable").key("k").ifNoneMatch("*"),
                    RequestBody.fromString("after the restart")));
            assertEquals(PRECONDITION_FAILED, refused.statusCode(), refused::toString);
        }
    }

    @Test
    void stalledServer_makesAClientWithAnApiCallTimeoutFailFast_andAnswersAfterResume() {
        try (S3ProxyServer server = S3ProxyServer.start(ownDirectory.resolve("data"));
                S3Client impatient = server.clientBuilder()
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(1))
                                .retryStrategy(DefaultRetryStrategy.doNotRetry()))
                        .build()) {
            server.createBucket("hung");
            impatient.putObject(request -> request.bucket("hung").key("k"),
                    RequestBody.fromString("v"));

            server.stall();
            long started = System.nanoTime();
            try {
                assertThrows(ApiCallTimeoutException.class, () -> impatient.getObjectAsBytes(
                        request -> request.bucket("hung").key("k")));
            } finally {
                server.resume();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "gave up after " + waited);
            assertEquals("v", impatient.getObjectAsBytes(
                    request -> request.bucket("hung").key("k")).asUtf8String());
        }
    }

    /**
     * Uploads {@code key} in two parts with {@code If-None-Match: *} on the completion, aborting
     * the upload if it does not complete; returns the object's ETag.
     */
    private static String uploadInTwoParts(String bucket, String key, byte[] first, byte[] last) {
        String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(key)
                .metadata(METADATA)).uploadId();
        try {
            String firstETag = client.uploadPart(request -> request.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(1), RequestBody.fromBytes(first)).eTag();
            String lastETag = client.uploadPart(request -> request.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(2), RequestBody.fromBytes(last)).eTag();
            return client.completeMultipartUpload(request -> request.bucket(bucket).key(key)
                    .uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(upload -> upload.parts(
                            CompletedPart.builder().partNumber(1).eTag(firstETag).build(),
                            CompletedPart.builder().partNumber(2).eTag(lastETag).build())))
                    .eTag();
        } catch (RuntimeException e) {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(key)
                    .uploadId(uploadId));
            throw e;
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
