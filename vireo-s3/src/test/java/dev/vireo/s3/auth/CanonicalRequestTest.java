package dev.vireo.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalRequestTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                      | /
            /bucket/my%20key       | /bucket/my%20key
            /bucket/a+b            | /bucket/a%2Bb
            /bucket/a%2Bb          | /bucket/a%2Bb
            /bucket/a~b            | /bucket/a~b
            /bucket/a%7Eb          | /bucket/a~b
            /bucket/a=b            | /bucket/a%3Db
            /bucket/a%3db          | /bucket/a%3Db
            /bucket/caf%c3%a9      | /bucket/caf%C3%A9
            /bucket/café           | /bucket/caf%C3%A9
            /bucket/日本/😀.txt     | /bucket/%E6%97%A5%E6%9C%AC/%F0%9F%98%80.txt
            /bucket/dir//x         | /bucket/dir//x
            /bucket/a%2Fb          | /bucket/a/b
            /bucket/100%           | /bucket/100%25
            /bucket/a*b(c)!'       | /bucket/a%2Ab%28c%29%21%27
            """)
    void canonicalUriIsTheAwsEncodingOfTheDecodedPath(String raw, String canonical) {
        assertThat(CanonicalRequest.canonicalUri(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                        | ''
            acl                                       | acl=
            prefix=J&max-keys=2                       | max-keys=2&prefix=J
            a=2&a=1&b                                 | a=1&a=2&b=
            prefix=a+b                                | prefix=a%20b
            prefix=a%20b&delimiter=%2F                | delimiter=%2F&prefix=a%20b
            prefix=caf%C3%A9~x                        | prefix=caf%C3%A9~x
            list-type=2&&continuation-token=a%3D%3D    | continuation-token=a%3D%3D&list-type=2
            """)
    void canonicalQueryIsSortedAndAwsEncoded(String raw, String canonical) {
        assertThat(CanonicalRequest.canonicalQuery(raw, name -> true)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            '  a   b  '     | 'a b'
            'text/plain'    | 'text/plain'
            """)
    void headerValuesAreTrimmedAndSpacesCollapsed(String value, String canonical) {
        assertThat(CanonicalRequest.canonicalHeaderValue(List.of(value)))
                .isEqualTo(canonical);
    }

    @Test
    void repeatedHeadersAreJoinedWithCommas() {
        assertThat(CanonicalRequest.canonicalHeaderValue(List.of(" a ", "b  c"))).isEqualTo("a,b c");
    }
}
