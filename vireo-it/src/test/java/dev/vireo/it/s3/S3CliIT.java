package dev.vireo.it.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.it.support.Proc;
import dev.vireo.it.support.Vireo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI ({@code aws}, installed by scripts/host-packages.sh --test) against the S3 endpoint. */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class S3CliIT {
    private final Vireo vireo = Vireo.get();

    @TempDir
    Path tmp;

    private Map<String, String> env;

    private Proc aws(String... args) {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", vireo.s3Endpoint()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, env, null, 600);
    }

    private Proc awsOk(String... args) {
        Proc p = aws(args);
        assertThat(p.exit()).as("aws %s\n%s", String.join(" ", args), p).isZero();
        return p;
    }

    @Test
    void vireoS3KeyCreateListDelete() {
        Proc created = vireo.cliOk("s3", "key", "create");
        List<String> lines = created.out().lines().toList();
        assertThat(lines).as(created.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("access key id: VIR");
        assertThat(lines.get(1)).startsWith("secret: ");
        String id = lines.get(0).substring("access key id: ".length()).strip();
        String secret = lines.get(1).substring("secret: ".length()).strip();
        assertThat(secret).isNotBlank();
        assertThat(vireo.cliOk("s3", "key", "list").out()).contains(id).doesNotContain(secret);

        try (var s3 = S3Keys.client(vireo.s3Endpoint(), id, secret)) {
            assertThat(s3.listBuckets().sdkHttpResponse().statusCode()).isEqualTo(200);
            vireo.cliOk("s3", "key", "delete", id);
            assertThat(vireo.cliOk("s3", "key", "list").out()).doesNotContain(id);
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    software.amazon.awssdk.services.s3.model.S3Exception.class, s3::listBuckets);
            assertThat(e).as("a deleted key is refused").isNotNull();
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
        Proc again = vireo.cli("s3", "key", "delete", id);
        assertThat(again.exit()).as(again.toString()).isNotZero();
    }

    @Test
    void theAwsCliWorksAgainstTheEndpoint() throws Exception {
        assumeTrue(Proc.run(List.of("sh", "-c", "command -v aws")).exit() == 0, "aws (awscli) is not installed");
        S3Keys.Key key = S3Keys.create(vireo.daemon().socket());
        env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", key.id());
        env.put("AWS_SECRET_ACCESS_KEY", key.secret());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        String b = S3Keys.bucketName("cli");

        awsOk("s3", "mb", "s3://" + b);
        assertThat(awsOk("s3", "ls").out()).contains(b);

        Path small = tmp.resolve("small.txt");
        Files.writeString(small, "hello from the aws cli\n");
        awsOk("s3", "cp", small.toString(), "s3://" + b + "/x");
        Path smallBack = tmp.resolve("small.back");
        awsOk("s3", "cp", "s3://" + b + "/x", smallBack.toString());
        assertThat(Files.readAllBytes(smallBack)).isEqualTo(Files.readAllBytes(small));

        // 20 MiB: the CLI uploads it in parts (8 MiB threshold) and may download it in ranges
        byte[] bigBytes = S3Keys.random(20 << 20, 42);
        Path big = tmp.resolve("big.bin");
        Files.write(big, bigBytes);
        awsOk("s3", "cp", big.toString(), "s3://" + b + "/big.bin");
        Path bigBack = tmp.resolve("big.back");
        awsOk("s3", "cp", "s3://" + b + "/big.bin", bigBack.toString());
        assertThat(Files.size(bigBack)).isEqualTo(bigBytes.length);
        assertThat(S3Keys.md5Hex(Files.readAllBytes(bigBack))).isEqualTo(S3Keys.md5Hex(bigBytes));
        JsonNode bigHead = new ObjectMapper().readTree(awsOk("s3api", "head-object", "--bucket", b, "--key", "big.bin").out());
        assertThat(bigHead.get("ContentLength").asLong()).isEqualTo(bigBytes.length);
        assertThat(bigHead.get("ETag").asText()).as("a multipart ETag").matches("\"[0-9a-f]{32}-\\d+\"");

        String ls = awsOk("s3", "ls", "s3://" + b + "/").out();
        assertThat(ls).contains(" x\n").contains(" big.bin\n");

        Path dir = tmp.resolve("tree");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("f1.txt"), "one");
        Files.writeString(dir.resolve("f2.txt"), "two");
        Files.writeString(dir.resolve("sub/f3.txt"), "three");
        awsOk("s3", "sync", dir.toString(), "s3://" + b + "/sync/");
        String rec = awsOk("s3", "ls", "--recursive", "s3://" + b + "/").out();
        assertThat(rec).contains("sync/f1.txt").contains("sync/f2.txt").contains("sync/sub/f3.txt").contains("big.bin");
        // a second sync has nothing to do
        assertThat(awsOk("s3", "sync", dir.toString(), "s3://" + b + "/sync/").out()).doesNotContain("upload:");

        JsonNode head = new ObjectMapper().readTree(awsOk("s3api", "head-object", "--bucket", b, "--key", "x").out());
        assertThat(head.get("ContentLength").asLong()).isEqualTo(Files.size(small));
        assertThat(head.get("ETag").asText()).isEqualTo("\"" + S3Keys.md5Hex(Files.readAllBytes(small)) + "\"");

        JsonNode page = new ObjectMapper().readTree(awsOk("s3api", "list-objects-v2", "--bucket", b,
                "--max-items", "2").out());
        assertThat(page.get("Contents")).hasSize(2);
        assertThat(page.get("NextToken").asText()).isNotBlank();
        JsonNode rest = new ObjectMapper().readTree(awsOk("s3api", "list-objects-v2", "--bucket", b,
                "--starting-token", page.get("NextToken").asText()).out());
        List<String> keys = new ArrayList<>();
        page.get("Contents").forEach(o -> keys.add(o.get("Key").asText()));
        rest.get("Contents").forEach(o -> keys.add(o.get("Key").asText()));
        assertThat(keys).containsExactly("big.bin", "sync/f1.txt", "sync/f2.txt", "sync/sub/f3.txt", "x");

        awsOk("s3", "rm", "s3://" + b + "/x");
        Proc gone = aws("s3api", "head-object", "--bucket", b, "--key", "x");
        assertThat(gone.exit()).as(gone.toString()).isNotZero();
        assertThat(gone.err()).contains("404");

        // rb without --force refuses a non-empty bucket
        Proc notEmpty = aws("s3", "rb", "s3://" + b);
        assertThat(notEmpty.exit()).as(notEmpty.toString()).isNotZero();
        assertThat(notEmpty.err()).contains("BucketNotEmpty");
        awsOk("s3", "rb", "s3://" + b, "--force");
        assertThat(awsOk("s3", "ls").out()).doesNotContain(b);
    }
}
