package dev.vireo.s3.auth;

import static dev.vireo.s3.auth.Fixtures.AKID;
import static dev.vireo.s3.auth.Fixtures.EXAMPLE_DATE;
import static dev.vireo.s3.auth.Fixtures.EXAMPLE_TIME;
import static dev.vireo.s3.auth.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.s3.S3Exception;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigV4VerifierTest {
    private static final String SIGNED = "host;range;x-amz-content-sha256;x-amz-date";
    private static final String GET_OBJECT_SIGNATURE =
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

    @TempDir Path dir;

    private static Headers.Builder getObjectHeaders() {
        return Headers.builder()
                .add("Host", "examplebucket.s3.amazonaws.com")
                .add("Range", "bytes=0-9")
                .add("x-amz-content-sha256", Crypto.EMPTY_SHA256)
                .add("x-amz-date", EXAMPLE_DATE);
    }

    private static SignedRequest getObject(String authorization) {
        return new SignedRequest("GET", "/test.txt", "",
                getObjectHeaders().add("Authorization", authorization).build());
    }

    private AbstractThrowableAssert<?, ?> assertRejected(SignedRequest request, Instant now,
            String code, int status) {
        return assertThatThrownBy(() -> Fixtures.verifier(dir, now).verify(request))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void anonymousRequestsAreForbidden() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", getObjectHeaders().build());

        assertRejected(request, EXAMPLE_TIME, "AccessDenied", 403)
                .hasMessage("Anonymous access is forbidden");
    }

    @Test
    void unknownAccessKeyIsRejected() {
        String authorization = Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)
                .replace(AKID, "VIRUNKNOWNKEY0000000");

        assertRejected(getObject(authorization), EXAMPLE_TIME, "InvalidAccessKeyId", 403);
    }

    @Test
    void wrongSecretDoesNotMatch() {
        SignedRequest unsigned = getObject("unused");
        String signature = Fixtures.sign("wrongSecretwrongSecretwrongSecret", unsigned, SIGNED,
                EXAMPLE_DATE);

        assertRejected(getObject(Fixtures.authorization(SIGNED, signature)), EXAMPLE_TIME,
                "SignatureDoesNotMatch", 403);
    }

    @Test
    void tamperedSignedHeaderDoesNotMatch() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.builder()
                .add("Host", "examplebucket.s3.amazonaws.com")
                .add("Range", "bytes=0-99")
                .add("x-amz-content-sha256", Crypto.EMPTY_SHA256)
                .add("x-amz-date", EXAMPLE_DATE)
                .add("Authorization", Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)).build());

        assertRejected(request, EXAMPLE_TIME, "SignatureDoesNotMatch", 403);
    }

    @Test
    void tamperedPathOrQueryDoesNotMatch() {
        String authorization = Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE);
        Headers headers = getObjectHeaders().add("Authorization", authorization).build();

        assertRejected(new SignedRequest("GET", "/test2.txt", "", headers), EXAMPLE_TIME,
                "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("GET", "/test.txt", "acl", headers), EXAMPLE_TIME,
                "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("DELETE", "/test.txt", "", headers), EXAMPLE_TIME,
                "SignatureDoesNotMatch", 403);
    }

    @Test
    void unsignedHeadersMayChange() {
        SignedRequest request = getObject(Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE));
        Headers extra = getObjectHeaders().add("User-Agent", "curl/8")
                .add("Authorization", Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)).build();

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request).accessKeyId()).isEqualTo(AKID);
        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME)
                .verify(new SignedRequest("GET", "/test.txt", "", extra)).accessKeyId()).isEqualTo(AKID);
    }

    @Test
    void malformedAuthorizationHeadersAreRejected() {
        String good = Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE);
        String[] malformed = {
                "AWS " + AKID + ":c2lnbmF0dXJl",
                good.replace(",Signature=" + GET_OBJECT_SIGNATURE, ""),
                good.replace("SignedHeaders=" + SIGNED + ",", ""),
                good.replace("/aws4_request", ""),
                good.replace("/s3/", "/ec2/"),
                good.replace("/aws4_request", "/aws5_request"),
                good.replace("20130524/", "20130525/"),
                good.replace(GET_OBJECT_SIGNATURE, "xyz"),
                good.replace("host;", ""),
                "AWS4-HMAC-SHA256 garbage",
        };
        for (String authorization : malformed) {
            assertRejected(getObject(authorization), EXAMPLE_TIME, "AuthorizationHeaderMalformed", 400);
        }
    }

    @Test
    void clockSkewOfMoreThanFifteenMinutesIsRejected() {
        SignedRequest request = getObject(Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME.plus(Duration.ofMinutes(15))).verify(request))
                .isEqualTo(new Principal(AKID));
        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME.minus(Duration.ofMinutes(15))).verify(request))
                .isEqualTo(new Principal(AKID));
        assertRejected(request, EXAMPLE_TIME.plus(Duration.ofMinutes(16)), "RequestTimeTooSkewed", 403);
        assertRejected(request, EXAMPLE_TIME.minus(Duration.ofMinutes(16)), "RequestTimeTooSkewed",
                403);
    }

    @Test
    void dateHeaderIsUsedWithoutXAmzDate() {
        SignedRequest unsigned = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-content-sha256", Crypto.EMPTY_SHA256));
        String signed = "date;host;x-amz-content-sha256";
        String signature = Fixtures.sign(SECRET, unsigned, signed, EXAMPLE_DATE);
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-content-sha256", Crypto.EMPTY_SHA256,
                "Authorization", Fixtures.authorization(signed, signature)));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request)).isEqualTo(new Principal(AKID));
    }

    @Test
    void missingDateIsAccessDenied() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", Crypto.EMPTY_SHA256,
                "Authorization", Fixtures.authorization("host", GET_OBJECT_SIGNATURE)));

        assertRejected(request, EXAMPLE_TIME, "AccessDenied", 403);
    }

    @Test
    void anyRegionIsAcceptedForServiceS3() {
        SignedRequest unsigned = getObject("unused");
        String signature = Fixtures.sign(SECRET, unsigned, SIGNED, EXAMPLE_DATE, "eu-west-3");
        String authorization = Fixtures.authorization(SIGNED, signature)
                .replace("/us-east-1/", "/eu-west-3/");

        SigV4Verifier verifier = Fixtures.verifier(dir, EXAMPLE_TIME);
        assertThat(verifier.verify(getObject(authorization))).isEqualTo(new Principal(AKID));
        assertThat(verifier.region()).isEqualTo("us-east-1");
    }

    @Test
    void missingContentSha256IsRejected() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_DATE,
                "Authorization", Fixtures.authorization("host;x-amz-date", GET_OBJECT_SIGNATURE)));

        assertRejected(request, EXAMPLE_TIME, "InvalidRequest", 400);
    }

    @Test
    void invalidContentSha256IsRejected() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-content-sha256", "nope",
                "Authorization", Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)));

        assertRejected(request, EXAMPLE_TIME, "InvalidArgument", 400);
    }

    @Test
    void headerAndQueryAuthTogetherAreRejected() {
        SignedRequest request = new SignedRequest("GET", "/test.txt",
                AwsExamplesTest.presignedQuery(GET_OBJECT_SIGNATURE),
                getObjectHeaders().add("Authorization",
                        Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)).build());

        assertRejected(request, EXAMPLE_TIME, "InvalidRequest", 400);
    }

    @Test
    void expiredPresignedUrlIsRejected() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", AwsExamplesTest.presignedQuery(
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
                Headers.of("Host", "examplebucket.s3.amazonaws.com"));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME.plusSeconds(86400)).verify(request))
                .isEqualTo(new Principal(AKID));
        assertRejected(request, EXAMPLE_TIME.plusSeconds(86401), "AccessDenied", 403)
                .hasMessage("Request has expired");
        assertRejected(request, EXAMPLE_TIME.minus(Duration.ofMinutes(16)), "AccessDenied", 403)
                .hasMessage("Request is not valid yet");
    }

    @Test
    void tamperedPresignedUrlIsRejected() {
        String query = AwsExamplesTest.presignedQuery(
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
        Headers host = Headers.of("Host", "examplebucket.s3.amazonaws.com");

        assertRejected(new SignedRequest("GET", "/other.txt", query, host), EXAMPLE_TIME,
                "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("GET", "/test.txt", query.replace("86400", "86401"), host),
                EXAMPLE_TIME, "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("GET", "/test.txt", query + "&versionId=1", host),
                EXAMPLE_TIME, "SignatureDoesNotMatch", 403);
    }

    @Test
    void presignedUrlLimitsAreEnforced() {
        Headers host = Headers.of("Host", "examplebucket.s3.amazonaws.com");
        String query = AwsExamplesTest.presignedQuery(
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");

        assertRejected(new SignedRequest("GET", "/test.txt", query.replace("86400", "604801"), host),
                EXAMPLE_TIME, "AuthorizationQueryParametersError", 400);
        assertRejected(new SignedRequest("GET", "/test.txt", query.replace("86400", "soon"), host),
                EXAMPLE_TIME, "AuthorizationQueryParametersError", 400);
        assertRejected(new SignedRequest("GET", "/test.txt",
                query.replace("&X-Amz-SignedHeaders=host", ""), host),
                EXAMPLE_TIME, "AuthorizationQueryParametersError", 400);
        assertRejected(new SignedRequest("GET", "/test.txt",
                query.replace("X-Amz-Date=20130524T000000Z", "X-Amz-Date=yesterday"), host),
                EXAMPLE_TIME, "AuthorizationQueryParametersError", 400);
    }

    @Test
    void keysWithSpecialCharactersVerify() {
        for (String rawPath : new String[] {"/bucket/my%20file+v1~final=2.txt",
                "/bucket/caf%C3%A9/%E6%97%A5%E6%9C%AC.txt", "/bucket/café/日本.txt"}) {
            SignedRequest unsigned = new SignedRequest("PUT", rawPath, "", Headers.of(
                    "Host", "localhost:9000",
                    "x-amz-date", EXAMPLE_DATE,
                    "x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
            String signed = "host;x-amz-content-sha256;x-amz-date";
            String signature = Fixtures.sign(SECRET, unsigned, signed, EXAMPLE_DATE);
            SignedRequest request = new SignedRequest("PUT", rawPath, "", Headers.of(
                    "Host", "localhost:9000",
                    "x-amz-date", EXAMPLE_DATE,
                    "x-amz-content-sha256", "UNSIGNED-PAYLOAD",
                    "Authorization", Fixtures.authorization(signed, signature)));

            assertThat(new SigV4Verifier(Fixtures.exampleKeys(dir),
                    Clock.fixed(EXAMPLE_TIME, ZoneOffset.UTC)).verify(request).accessKeyId())
                    .isEqualTo(AKID);
        }
    }

    @Test
    void authenticationDoesNotShowKeyMaterial() {
        Authentication auth = Fixtures.verifier(dir, EXAMPLE_TIME)
                .authenticate(getObject(Fixtures.authorization(SIGNED, GET_OBJECT_SIGNATURE)));

        assertThat(auth.toString()).contains(AKID).doesNotContain(SECRET)
                .doesNotContain(GET_OBJECT_SIGNATURE);
    }
}
