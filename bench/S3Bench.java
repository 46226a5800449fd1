import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * S3 load: CLIENTS threads PUT then GET objects of SIZE bytes for SECONDS each, against the
 * endpoint, signed with SigV4 (payload hash sent, as SDKs do over plain HTTP); then the same
 * bytes written (temp file, fsync, rename) and read through the filesystem directly.
 * Usage: java bench/S3Bench.java ENDPOINT KEY SECRET BUCKET SIZE CLIENTS SECONDS FSDIR
 */
public class S3Bench {
    static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    public static void main(String[] a) throws Exception {
        String endpoint = a[0], key = a[1], secret = a[2], bucket = a[3];
        int size = Integer.parseInt(a[4]), clients = Integer.parseInt(a[5]), seconds = Integer.parseInt(a[6]);
        Path fsDir = Path.of(a[7]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        send(http, endpoint, key, secret, "PUT", "/" + bucket, new byte[0]);
        AtomicLong written = new AtomicLong();
        double puts = run(clients, seconds, (t, i) -> {
            send(http, endpoint, key, secret, "PUT", "/" + bucket + "/o-" + t + "-" + i, body);
            written.incrementAndGet();
        });
        long objects = written.get();
        double gets = run(clients, seconds, (t, i) -> {
            long n = ThreadLocalRandom.current().nextLong(objects);
            int tt = (int) (n % clients);
            send(http, endpoint, key, secret, "GET", "/" + bucket + "/o-" + tt + "-0", null);
        });
        Files.createDirectories(fsDir);
        double fsPuts = run(clients, seconds, (t, i) -> {
            Path tmp = fsDir.resolve(".tmp-" + t + "-" + i);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(body));
                ch.force(true);
            }
            Files.move(tmp, fsDir.resolve("o-" + t + "-" + i), StandardCopyOption.ATOMIC_MOVE);
        });
        double fsGets = run(clients, seconds, (t, i) -> Files.readAllBytes(fsDir.resolve("o-" + t + "-0")));
        System.out.printf("   %6d B, %d clients: vireo PUT %.0f/s GET %.0f/s | filesystem (fsync) PUT %.0f/s read %.0f/s%n",
                size, clients, puts, gets, fsPuts, fsGets);
    }

    interface Op {
        void run(int thread, long i) throws Exception;
    }

    static double run(int clients, int seconds, Op op) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] threads = new Thread[clients];
        for (int t = 0; t < clients; t++) {
            int id = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    for (long i = 0; System.nanoTime() < end; i++) {
                        op.run(id, i);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / (double) seconds;
    }

    static void send(HttpClient http, String endpoint, String key, String secret, String method, String path,
            byte[] body) throws Exception {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ);
        String day = date.substring(0, 8);
        String hash = hex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        String host = URI.create(endpoint).getAuthority();
        String canonical = method + "\n" + path + "\n\nhost:" + host + "\nx-amz-content-sha256:" + hash
                + "\nx-amz-date:" + date + "\n\nhost;x-amz-content-sha256;x-amz-date\n" + hash;
        String scope = day + "/us-east-1/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(hmac(hmac(k, "us-east-1"), "s3"), "aws4_request");
        String auth = "AWS4-HMAC-SHA256 Credential=" + key + "/" + scope
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + hex(hmac(k, toSign));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).header("x-amz-date", date)
                .header("x-amz-content-sha256", hash).header("Authorization", auth);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 300 && !(r.statusCode() == 409 && method.equals("PUT") && path.indexOf('/', 1) < 0)) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + new String(r.body()));
        }
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
