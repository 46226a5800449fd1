package dev.vireo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes lives in vireo-api; it is tested here because core's validation depends on it. */
class SizesTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0                   | 0
            512                 | 512
            5b                  | 5
            1k                  | 1024
            1KiB                | 1024
            512M                | 536870912
            512MiB              | 536870912
            1GiB                | 1073741824
            20G                 | 21474836480
            2 GiB               | 2147483648
            '  3g  '            | 3221225472
            1gib                | 1073741824
            1TB                 | 1099511627776
            8388607T            | 9223370937343148032
            9223372036854775807 | 9223372036854775807
            """)
    void parsesBinaryUnitsCaseInsensitively(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptySizeIsInvalid(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("size is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5G", "-1", "G", "1X", "1GiBs", "1 G B", "1e3", "0x10", "1P"})
    void malformedSizeIsInvalidAndQuoted(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid size '" + text + "' (use e.g. 512MiB, 2GiB, 20G)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8388608T", "9223372036854775808", "99999999999999999999G", "18014398509481984K"})
    void sizesBeyondALongAreTooLarge(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("size '" + text + "' is too large");
    }

    @Test
    void binarySuffixWithoutAUnitIsInvalid() {
        assertThatThrownBy(() -> Sizes.parse("5iB")).isInstanceOf(VireoException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0B
            1023          | 1023B
            1024          | 1KiB
            1536          | 1.5KiB
            536870912     | 512MiB
            1073741824    | 1GiB
            1610612736    | 1.5GiB
            5368709120    | 5GiB
            1099511627776 | 1TiB
            1125899906842624 | 1024TiB
            """)
    void formatsWithTheLargestBinaryUnit(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1023, 1024, 536870912, 1073741824, 21474836480L, 1099511627776L})
    void formattedWholeSizesParseBack(long bytes) {
        assertThat(Sizes.parse(Sizes.format(bytes))).isEqualTo(bytes);
    }

    @Test
    void roundingUpMovesToTheNextUnit() {
        assertThat(Sizes.format((1L << 20) - 1)).isEqualTo("1.0MiB");
    }
}
