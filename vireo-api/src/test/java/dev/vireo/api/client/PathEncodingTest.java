package dev.vireo.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.VireoException;
import org.junit.jupiter.api.Test;

class PathEncodingTest {
    @Test
    void aliasKeepsSlashesAndEncodesTheRest() {
        assertThat(PathEncoding.alias("debian/12")).isEqualTo("debian/12");
        assertThat(PathEncoding.alias("my image?#")).isEqualTo("my%20image%3F%23");
    }

    @Test
    void segmentEncodesSlashesAndUtf8() {
        assertThat(PathEncoding.segment("a/b", "name")).isEqualTo("a%2Fb");
        assertThat(PathEncoding.segment("é", "name")).isEqualTo("%C3%A9");
    }

    @Test
    void blankIsRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> PathEncoding.segment(" ", "instance name"))
                .isInstanceOf(VireoException.class).hasMessage("instance name is empty");
    }
}
