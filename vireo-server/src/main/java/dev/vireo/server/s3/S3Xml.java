package dev.vireo.server.s3;

import dev.vireo.s3.S3Exception;
import dev.vireo.s3.store.BucketInfo;
import dev.vireo.s3.store.CompletedPart;
import dev.vireo.s3.store.DeleteResult;
import dev.vireo.s3.store.ListObjectsResult;
import dev.vireo.s3.store.ObjectInfo;
import dev.vireo.s3.store.ObjectSummary;
import dev.vireo.s3.store.PartInfo;
import dev.vireo.s3.store.UploadInfo;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The S3 wire format: response documents written as S3 writes them, and the two request bodies S3 takes as XML. */
final class S3Xml {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private S3Xml() {}

    static String error(S3Exception e, String requestId) {
        return doc("Error", null, b -> b.el("Code", e.code()).el("Message", e.getMessage())
                .el("Resource", e.resource()).el("RequestId", requestId));
    }

    static String listBuckets(List<BucketInfo> buckets, String owner) {
        return doc("ListAllMyBucketsResult", NS, b -> {
            b.open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner");
            b.open("Buckets");
            for (BucketInfo bucket : buckets) {
                b.open("Bucket").el("Name", bucket.name()).el("CreationDate", time(bucket.creationDate()))
                        .close("Bucket");
            }
            b.close("Buckets");
        });
    }

    static String listObjectsV2(String bucket, String prefix, String delimiter, int maxKeys, String token,
            String startAfter, ListObjectsResult r, boolean urlEncode) {
        return doc("ListBucketResult", NS, b -> {
            b.el("Name", bucket).el("Prefix", enc(prefix == null ? "" : prefix, urlEncode))
                    .el("KeyCount", Integer.toString(r.keyCount())).el("MaxKeys", Integer.toString(maxKeys));
            if (delimiter != null) {
                b.el("Delimiter", enc(delimiter, urlEncode));
            }
            if (urlEncode) {
                b.el("EncodingType", "url");
            }
            b.el("IsTruncated", Boolean.toString(r.truncated()));
            if (token != null) {
                b.el("ContinuationToken", token);
            }
            if (r.nextContinuationToken() != null) {
                b.el("NextContinuationToken", r.nextContinuationToken());
            }
            if (startAfter != null) {
                b.el("StartAfter", enc(startAfter, urlEncode));
            }
            for (ObjectSummary o : r.contents()) {
                b.open("Contents").el("Key", enc(o.key(), urlEncode)).el("LastModified", time(o.lastModified()))
                        .el("ETag", o.etag()).el("Size", Long.toString(o.size())).el("StorageClass", "STANDARD")
                        .close("Contents");
            }
            for (String p : r.commonPrefixes()) {
                b.open("CommonPrefixes").el("Prefix", enc(p, urlEncode)).close("CommonPrefixes");
            }
        });
    }

    static String copyResult(ObjectInfo info) {
        return doc("CopyObjectResult", NS, b -> b.el("LastModified", time(info.lastModified()))
                .el("ETag", info.etag()));
    }

    static String initiateUpload(String bucket, String key, String uploadId) {
        return doc("InitiateMultipartUploadResult", NS, b -> b.el("Bucket", bucket).el("Key", key)
                .el("UploadId", uploadId));
    }

    static String completeUpload(String location, String bucket, String key, ObjectInfo info) {
        return doc("CompleteMultipartUploadResult", NS, b -> b.el("Location", location).el("Bucket", bucket)
                .el("Key", key).el("ETag", info.etag()));
    }

    static String listParts(String bucket, String key, String uploadId, List<PartInfo> parts) {
        return doc("ListPartsResult", NS, b -> {
            b.el("Bucket", bucket).el("Key", key).el("UploadId", uploadId).el("IsTruncated", "false")
                    .el("MaxParts", "1000").el("StorageClass", "STANDARD");
            for (PartInfo p : parts) {
                b.open("Part").el("PartNumber", Integer.toString(p.partNumber()))
                        .el("LastModified", time(p.lastModified())).el("ETag", p.etag())
                        .el("Size", Long.toString(p.size())).close("Part");
            }
        });
    }

    static String listUploads(String bucket, List<UploadInfo> uploads) {
        return doc("ListMultipartUploadsResult", NS, b -> {
            b.el("Bucket", bucket).el("IsTruncated", "false").el("MaxUploads", "1000");
            for (UploadInfo u : uploads) {
                b.open("Upload").el("Key", u.key()).el("UploadId", u.uploadId())
                        .el("Initiated", time(u.initiated())).el("StorageClass", "STANDARD").close("Upload");
            }
        });
    }

    static String deleteResult(List<DeleteResult> results) {
        return doc("DeleteResult", NS, b -> {
            for (DeleteResult r : results) {
                if (r.deleted()) {
                    b.open("Deleted").el("Key", r.key()).close("Deleted");
                } else {
                    b.open("Error").el("Key", r.key()).el("Code", r.errorCode()).el("Message", r.errorMessage())
                            .close("Error");
                }
            }
        });
    }

    static String location() {
        return doc("LocationConstraint", NS, b -> {});
    }

    /** Parts of a CompleteMultipartUpload body, in the order given. */
    static List<CompletedPart> completedParts(byte[] body) {
        List<CompletedPart> parts = new ArrayList<>();
        NodeList nodes = parse(body).getElementsByTagNameNS("*", "Part");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element part = (Element) nodes.item(i);
            try {
                parts.add(new CompletedPart(Integer.parseInt(child(part, "PartNumber")), child(part, "ETag")));
            } catch (NumberFormatException e) {
                throw S3Exception.malformedXml(null);
            }
        }
        return parts;
    }

    /** Keys of a Delete (DeleteObjects) body and its Quiet flag. */
    record DeleteRequest(List<String> keys, boolean quiet) {}

    static DeleteRequest deleteRequest(byte[] body) {
        Document d = parse(body);
        List<String> keys = new ArrayList<>();
        NodeList objects = d.getElementsByTagNameNS("*", "Object");
        for (int i = 0; i < objects.getLength(); i++) {
            keys.add(child((Element) objects.item(i), "Key"));
        }
        NodeList quiet = d.getElementsByTagNameNS("*", "Quiet");
        return new DeleteRequest(keys, quiet.getLength() > 0 && "true".equals(quiet.item(0).getTextContent().strip()));
    }

    private static String child(Element e, String name) {
        NodeList n = e.getElementsByTagNameNS("*", name);
        if (n.getLength() == 0) {
            throw S3Exception.malformedXml(null);
        }
        return n.item(0).getTextContent().strip();
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw S3Exception.malformedXml(null);
        }
    }

    private static String enc(String s, boolean urlEncode) {
        return urlEncode ? S3Paths.encode(s) : s;
    }

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** S3's timestamps: ISO 8601 in UTC with milliseconds, e.g. 2009-10-12T17:50:30.000Z. */
    static String time(Instant t) {
        return ISO_MILLIS.format(t);
    }

    private interface Body {
        void write(Builder b);
    }

    private static String doc(String root, String ns, Body body) {
        Builder b = new Builder();
        b.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root);
        if (ns != null) {
            b.out.append(" xmlns=\"").append(ns).append('"');
        }
        b.out.append('>');
        body.write(b);
        return b.out.append("</").append(root).append('>').toString();
    }

    /** A tiny XML writer: elements with escaped text, nothing else. */
    private static final class Builder {
        final StringBuilder out = new StringBuilder(256);

        Builder open(String name) {
            out.append('<').append(name).append('>');
            return this;
        }

        Builder close(String name) {
            out.append("</").append(name).append('>');
            return this;
        }

        Builder el(String name, String text) {
            if (text == null) {
                return this;
            }
            open(name);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&apos;");
                    default -> out.append(c);
                }
            }
            return close(name);
        }
    }
}
