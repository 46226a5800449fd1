package dev.vireo.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeysTest {
    @TempDir Path dir;

    @Test
    void createdKeysHaveTheVireoShape() {
        AccessKeyPair pair = AccessKeys.open(dir.resolve("keys")).create();

        assertThat(pair.accessKeyId()).matches("VIR[A-Z0-9]{17}");
        assertThat(pair.secret()).matches("[A-Za-z0-9_-]{40}");
    }

    @Test
    void keysPersistAcrossReopen() {
        Path file = dir.resolve("s3/keys.properties");
        AccessKeys keys = AccessKeys.open(file);
        AccessKeyPair first = keys.create();
        AccessKeyPair second = keys.create();

        AccessKeys reopened = AccessKeys.open(file);

        assertThat(reopened.list()).containsExactlyInAnyOrder(first.accessKeyId(),
                second.accessKeyId());
        assertThat(reopened.secretOf(first.accessKeyId())).hasValue(first.secret());
        assertThat(reopened.secretOf("VIRNOSUCHKEY00000000")).isEmpty();
    }

    @Test
    void deleteRemovesTheKeyDurably() {
        Path file = dir.resolve("keys");
        AccessKeys keys = AccessKeys.open(file);
        AccessKeyPair pair = keys.create();

        assertThat(keys.delete(pair.accessKeyId())).isTrue();
        assertThat(keys.delete(pair.accessKeyId())).isFalse();
        assertThat(AccessKeys.open(file).list()).isEmpty();
    }

    @Test
    void fileIsOwnerOnlyAndLeavesNoTemporaries() throws IOException {
        Path file = dir.resolve("keys");
        AccessKeys.open(file).create();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        AccessKeys keys = AccessKeys.open(dir.resolve("keys"));
        AccessKeyPair pair = keys.create();

        assertThat(pair.toString()).contains(pair.accessKeyId()).doesNotContain(pair.secret());
        assertThat(keys.toString()).doesNotContain(pair.secret()).doesNotContain(pair.accessKeyId());
    }

    @Test
    void importedKeysAreValidated() {
        assertThatThrownBy(() -> new AccessKeyPair("short", "wJalrXUtnFEMI/K7MDENG"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessKeyPair("AKIAIOSFODNN7EXAMPLE", "has spaces in it ok?"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
