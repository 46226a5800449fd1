package dev.vireo.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"debian/12", "tiny", "ubuntu/24.04", "my_image-1", "a/b/c", "x.y"})
    void aliasesMayUseSlashDotAndUnderscore(String alias) {
        assertThat(Names.alias(alias)).isEqualTo(alias);
    }

    static Stream<String> badAliases() {
        return Stream.of("", "/debian", "debian/", "debian//12", "Debian/12", "a/../b", "a..b", ".hidden",
                "with space", "a".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("badAliases")
    void badAliasesAreInvalid(String alias) {
        assertThatThrownBy(() -> Names.alias(alias))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid image alias '" + alias + "'");
    }
}
