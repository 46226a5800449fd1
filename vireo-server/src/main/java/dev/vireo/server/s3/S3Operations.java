package dev.vireo.server.s3;

import dev.vireo.s3.S3Exception;
import dev.vireo.s3.auth.Authentication;
import dev.vireo.s3.auth.PayloadStream;
import dev.vireo.s3.store.ByteRange;
import dev.vireo.s3.store.ListObjectsResult;
import dev.vireo.s3.store.MetadataDirective;
import dev.vireo.s3.store.ObjectContent;
import dev.vireo.s3.store.ObjectInfo;
import dev.vireo.s3.store.ObjectStore;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One S3 operation per request, chosen by method, bucket, key and sub-resource; the store does the work. */
final class S3Operations {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final String META = "x-amz-meta-";
    /** The query parameters of ListObjectsV2; any other on a bucket GET is a sub-resource we do not serve. */
    private static final Set<String> LIST_PARAMS = Set.of("list-type", "prefix", "delimiter", "max-keys",
            "continuation-token", "start-after", "encoding-type", "fetch-owner");

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ObjectStore store;

    S3Operations(ObjectStore store) {
        this.store = store;
    }

    void handle(Context ctx, S3Paths at, Map<String, String> q, Authentication auth) {
        String method = ctx.req().getMethod();
        if (at.bucket() == null) {
            if (!method.equals("GET")) {
                throw notImplemented(method + " /");
            }
            xml(ctx, 200, S3Xml.listBuckets(store.listBuckets(), auth.principal().accessKeyId()));
            return;
        }
        if (at.key() == null) {
            bucket(ctx, method, at.bucket(), q, auth);
        } else {
            object(ctx, method, at.bucket(), at.key(), q, auth);
        }
    }

    private void bucket(Context ctx, String method, String bucket, Map<String, String> q, Authentication auth) {
        switch (method) {
            case "PUT" -> {
                drain(ctx, auth);
                store.createBucket(bucket);
                ctx.header("Location", "/" + bucket);
                ctx.status(200);
            }
            case "HEAD" -> {
                store.headBucket(bucket);
                ctx.header("x-amz-bucket-region", "us-east-1");
                ctx.status(200);
            }
            case "DELETE" -> {
                store.deleteBucket(bucket);
                ctx.status(204);
            }
            case "GET" -> {
                if (q.containsKey("location")) {
                    store.headBucket(bucket);
                    xml(ctx, 200, S3Xml.location());
                } else if (q.containsKey("uploads")) {
                    xml(ctx, 200, S3Xml.listUploads(bucket, store.listMultipartUploads(bucket)));
                } else if (q.keySet().stream().anyMatch(k -> !LIST_PARAMS.contains(k))) {
                    throw notImplemented("bucket sub-resource " + q.keySet());
                } else {
                    list(ctx, bucket, q);
                }
            }
            case "POST" -> {
                if (!q.containsKey("delete")) {
                    throw notImplemented("POST /" + bucket);
                }
                S3Xml.DeleteRequest del = S3Xml.deleteRequest(body(ctx, auth));
                xml(ctx, 200, S3Xml.deleteResult(store.deleteObjects(bucket, del.keys(), del.quiet())));
            }
            default -> throw notImplemented(method);
        }
    }

    private void list(Context ctx, String bucket, Map<String, String> q) {
        int maxKeys = ObjectStore.DEFAULT_MAX_KEYS;
        if (q.containsKey("max-keys")) {
            try {
                maxKeys = Integer.parseInt(q.get("max-keys"));
            } catch (NumberFormatException e) {
                throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range",
                        bucket);
            }
        }
        String prefix = blankToNull(q.get("prefix"));
        String delimiter = blankToNull(q.get("delimiter"));
        String token = blankToNull(q.get("continuation-token"));
        String startAfter = blankToNull(q.get("start-after"));
        ListObjectsResult r = store.listObjectsV2(bucket, prefix, delimiter, maxKeys, token, startAfter);
        xml(ctx, 200, S3Xml.listObjectsV2(bucket, prefix, delimiter, Math.min(maxKeys, ObjectStore.DEFAULT_MAX_KEYS),
                token, startAfter, r, "url".equals(q.get("encoding-type"))));
    }

    private void object(Context ctx, String method, String bucket, String key, Map<String, String> q,
            Authentication auth) {
        String uploadId = q.get("uploadId");
        switch (method) {
            case "PUT" -> {
                String copySource = ctx.header("x-amz-copy-source");
                if (uploadId != null) {
                    if (copySource != null) {
                        throw notImplemented("UploadPartCopy");
                    }
                    int part = partNumber(q.get("partNumber"), key);
                    long length = length(ctx, auth, key);
                    try (PayloadStream body = auth.payload(ctx.req().getInputStream())) {
                        String etag = store.uploadPart(bucket, key, uploadId, part, exact(body, length), length,
                                ctx.header("Content-MD5"));
                        ctx.header("ETag", etag);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    ctx.status(200);
                } else if (copySource != null) {
                    drain(ctx, auth);
                    copy(ctx, bucket, key, copySource);
                } else {
                    put(ctx, bucket, key, auth);
                }
            }
            case "GET" -> {
                if (uploadId != null) {
                    xml(ctx, 200, S3Xml.listParts(bucket, key, uploadId, store.listParts(bucket, key, uploadId)));
                } else {
                    get(ctx, bucket, key, true);
                }
            }
            case "HEAD" -> get(ctx, bucket, key, false);
            case "DELETE" -> {
                if (uploadId != null) {
                    store.abortMultipartUpload(bucket, key, uploadId);
                } else {
                    store.deleteObject(bucket, key);
                }
                ctx.status(204);
            }
            case "POST" -> {
                if (q.containsKey("uploads")) {
                    drain(ctx, auth);
                    String id = store.createMultipartUpload(bucket, key, ctx.header("Content-Type"), metadata(ctx));
                    xml(ctx, 200, S3Xml.initiateUpload(bucket, key, id));
                } else if (uploadId != null) {
                    ObjectInfo info = store.completeMultipartUpload(bucket, key, uploadId,
                            S3Xml.completedParts(body(ctx, auth)));
                    xml(ctx, 200, S3Xml.completeUpload("/" + bucket + "/" + key, bucket, key, info));
                } else {
                    throw notImplemented("POST object");
                }
            }
            default -> throw notImplemented(method);
        }
    }

    private void put(Context ctx, String bucket, String key, Authentication auth) {
        long length = length(ctx, auth, key);
        try (PayloadStream body = auth.payload(ctx.req().getInputStream())) {
            ObjectInfo info = store.putObject(bucket, key, exact(body, length), length, ctx.header("Content-MD5"),
                    ctx.header("Content-Type"), metadata(ctx));
            ctx.header("ETag", info.etag());
            ctx.status(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy(Context ctx, String bucket, String key, String copySource) {
        String source = S3Paths.decode(copySource.startsWith("/") ? copySource.substring(1) : copySource, false);
        int q = source.indexOf("?versionId=");
        if (q >= 0) {
            source = source.substring(0, q);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: "
                    + "sourcebucket/sourcekey", key);
        }
        boolean replace = "REPLACE".equalsIgnoreCase(ctx.header("x-amz-metadata-directive"));
        ObjectInfo info = store.copyObject(source.substring(0, slash), source.substring(slash + 1), bucket, key,
                replace ? MetadataDirective.REPLACE : MetadataDirective.COPY, replace ? metadata(ctx) : Map.of(),
                replace ? ctx.header("Content-Type") : null);
        xml(ctx, 200, S3Xml.copyResult(info));
    }

    private void get(Context ctx, String bucket, String key, boolean withBody) {
        ByteRange range = withBody ? range(ctx.header("Range")) : null;
        try (ObjectContent content = store.getObject(bucket, key, range)) {
            ObjectInfo info = content.info();
            HttpServletResponse res = ctx.res();
            res.setHeader("ETag", info.etag());
            res.setHeader("Last-Modified", HTTP_DATE.format(info.lastModified()));
            res.setHeader("Accept-Ranges", "bytes");
            res.setHeader("Content-Type", info.contentType()); // as stored; setContentType would respell it
            info.metadata().forEach((k, v) -> res.setHeader(META + k, v));
            if (content.ranged()) {
                res.setStatus(206);
                res.setHeader("Content-Range", "bytes " + content.first() + "-" + content.last() + "/"
                        + content.totalSize());
            } else {
                res.setStatus(200);
            }
            res.setContentLengthLong(withBody ? content.length() : info.size());
            if (withBody) {
                try (OutputStream out = res.getOutputStream()) {
                    content.body().transferTo(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteRange range(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null; // S3 ignores a Range it cannot parse and sends the whole object
        }
        if (m.group(1).isEmpty()) {
            return ByteRange.suffix(Long.parseLong(m.group(2)));
        }
        long first = Long.parseLong(m.group(1));
        return m.group(2).isEmpty() ? ByteRange.from(first) : ByteRange.of(first, Long.parseLong(m.group(2)));
    }

    private static Map<String, String> metadata(Context ctx) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(META)) {
                meta.put(lower.substring(META.length()), ctx.req().getHeader(name));
            }
        }
        return meta;
    }

    /** The payload's length: the decoded length of an aws-chunked body, else Content-Length. */
    private static long length(Context ctx, Authentication auth, String resource) {
        if (auth.decodedContentLength().isPresent()) {
            return auth.decodedContentLength().getAsLong();
        }
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            throw S3Exception.missingContentLength(resource);
        }
        return length;
    }

    /** A small XML request body, read whole through the verifying payload stream. */
    private static byte[] body(Context ctx, Authentication auth) {
        try (PayloadStream body = auth.payload(ctx.req().getInputStream())) {
            byte[] bytes = body.readNBytes(1 << 20);
            if (body.read() != -1) {
                throw S3Exception.invalidRequest("request body too large", null);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks a body the operation ignores (e.g. a CreateBucketConfiguration). */
    private static void drain(Context ctx, Authentication auth) {
        body(ctx, auth);
    }

    /**
     * Hands the store exactly {@code length} bytes and, as the last of them is read, reads the
     * payload stream on to its end, so that its digest or signature check fails the request
     * before the store commits anything.
     */
    private static InputStream exact(InputStream body, long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = body.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                    if (left == 0 && body.read() != -1) {
                        throw S3Exception.invalidRequest("the body is longer than its declared length", null);
                    }
                }
                return n;
            }
        };
    }

    private static int partNumber(String text, String key) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", key);
        }
    }

    private static void xml(Context ctx, int status, String xml) {
        ctx.status(status);
        ctx.contentType("application/xml");
        ctx.result(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static S3Exception notImplemented(String what) {
        return new S3Exception("NotImplemented", 501, "A header or query you provided implies functionality that"
                + " is not implemented: " + what, null);
    }

}
