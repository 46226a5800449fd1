package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Parses the Authorization header or presigned query parameters into a {@link SignatureInput}. */
final class SignatureParser {
    static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

    private SignatureParser() {}

    /** Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    static SignatureInput fromHeader(SignedRequest request, String authorization) {
        String resource = request.resource();
        String prefix = CanonicalRequest.ALGORITHM + " ";
        if (!authorization.startsWith(prefix)) {
            throw AuthErrors.malformedHeader("the algorithm must be " + CanonicalRequest.ALGORITHM,
                    resource);
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : authorization.substring(prefix.length()).split(",")) {
            String field = part.strip();
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw AuthErrors.malformedHeader("expected key=value but found '" + field + "'", resource);
            }
            fields.put(field.substring(0, eq).strip(), field.substring(eq + 1).strip());
        }
        String credential = required(fields, "Credential", resource);
        String signedHeaders = required(fields, "SignedHeaders", resource);
        String signature = required(fields, "Signature", resource);
        String amzDate = headerDate(request);
        Instant time = AmzDates.parseAmz(amzDate).orElseThrow();
        return build(credential, signedHeaders, signature, amzDate, time, OptionalLong.empty(),
                false, resource);
    }

    /** Parses the X-Amz-* query parameters of a presigned URL. */
    static SignatureInput fromQuery(SignedRequest request) {
        String resource = request.resource();
        Map<String, String> params = new HashMap<>();
        for (Map.Entry<String, String> p : CanonicalRequest.parseQuery(request.rawQuery())) {
            params.putIfAbsent(p.getKey(), p.getValue());
        }
        String algorithm = queryParam(params, "X-Amz-Algorithm", resource);
        if (!algorithm.equals(CanonicalRequest.ALGORITHM)) {
            throw AuthErrors.malformedQuery(
                    "X-Amz-Algorithm only supports \"" + CanonicalRequest.ALGORITHM + "\"", resource);
        }
        String credential = queryParam(params, "X-Amz-Credential", resource);
        String amzDate = queryParam(params, "X-Amz-Date", resource);
        Instant time = AmzDates.parseAmz(amzDate).orElseThrow(() -> AuthErrors.malformedQuery(
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", resource));
        long expires;
        try {
            expires = Long.parseLong(queryParam(params, "X-Amz-Expires", resource));
        } catch (NumberFormatException e) {
            throw AuthErrors.malformedQuery("X-Amz-Expires should be a number", resource);
        }
        if (expires < 0) {
            throw AuthErrors.malformedQuery("X-Amz-Expires must be non-negative", resource);
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            throw AuthErrors.malformedQuery(
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800", resource);
        }
        return build(credential, queryParam(params, "X-Amz-SignedHeaders", resource),
                queryParam(params, "X-Amz-Signature", resource), amzDate, time, OptionalLong.of(expires),
                true, resource);
    }

    private static SignatureInput build(String credential, String signedHeaders, String signature,
            String amzDate, Instant time, OptionalLong expires, boolean query, String resource) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw malformed(query, "the Credential is mal-formed; expecting"
                    + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".", resource);
        }
        CredentialScope scope = new CredentialScope(parts[1], parts[2], parts[3], parts[4]);
        if (!scope.date().equals(amzDate.substring(0, Math.min(8, amzDate.length())))) {
            throw malformed(query, "Invalid credential date \"" + scope.date()
                    + "\". This date is not the same as X-Amz-Date: \"" + amzDate + "\".", resource);
        }
        if (!scope.service().equals("s3")) {
            throw malformed(query, "incorrect service \"" + scope.service() + "\". This endpoint"
                    + " belongs to \"s3\".", resource);
        }
        if (!scope.terminator().equals("aws4_request")) {
            throw malformed(query, "incorrect terminal \"" + scope.terminator() + "\". This endpoint"
                    + " uses \"aws4_request\".", resource);
        }
        if (!HEX_SIGNATURE.matcher(signature).matches()) {
            throw malformed(query, "the Signature must be 64 hex characters", resource);
        }
        List<String> headers = Arrays.stream(signedHeaders.split(";"))
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        if (!headers.contains("host")) {
            throw malformed(query, "the SignedHeaders must include host", resource);
        }
        return new SignatureInput(parts[0], scope, headers, signature.toLowerCase(Locale.ROOT),
                amzDate, time, expires);
    }

    /** The X-Amz-Date header, else the Date header reformatted, else AccessDenied. */
    private static String headerDate(SignedRequest request) {
        var headers = request.headers();
        var amz = headers.first("x-amz-date").flatMap(AmzDates::parseAmz);
        if (amz.isPresent()) {
            return headers.first("x-amz-date").orElseThrow().strip();
        }
        return headers.first("date").flatMap(AmzDates::parseHttp).map(AmzDates::format)
                .orElseThrow(() -> AuthErrors.missingDate(request.resource()));
    }

    private static String required(Map<String, String> fields, String name, String resource) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw AuthErrors.malformedHeader("missing " + name, resource);
        }
        return value;
    }

    private static String queryParam(Map<String, String> params, String name, String resource) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw AuthErrors.malformedQuery("Query-string authentication version 4 requires the"
                    + " X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders,"
                    + " and X-Amz-Expires parameters; " + name + " is missing.", resource);
        }
        return value;
    }

    private static S3Exception malformed(boolean query, String detail,
            String resource) {
        return query ? AuthErrors.malformedQuery(detail, resource)
                : AuthErrors.malformedHeader(detail, resource);
    }
}
