package dev.vireo.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vireo.core.seed.NoCloudSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaDataYamlTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void rendersPlainSeed() {
        String yaml = MetaDataYaml.render(new NoCloudSeed("iid-1", "web1", List.of("ssh-ed25519 AAAA me@host"), null));

        assertThat(yaml).isEqualTo("""
                instance-id: "iid-1"
                local-hostname: "web1"
                public-keys:
                  - "ssh-ed25519 AAAA me@host"
                """);
    }

    @Test
    void noKeysIsAnEmptyList() throws Exception {
        String yaml = MetaDataYaml.render(new NoCloudSeed("iid-1", "web1", List.of(" ", ""), null));

        assertThat(yaml).endsWith("public-keys: []\n");
        assertThat(YAML.readTree(yaml).get("public-keys").isArray()).isTrue();
    }

    @Test
    void hostileValuesRoundTripThroughAYamlParser() throws Exception {
        String hostname = "evil: yes # \"quoted\" \\ back\nlocal-hostname: injected\ttab";
        List<String> keys = List.of("ssh-rsa AAAA a: b # c", "- dash\u2028line\u0085sep\u0007bell",
                "yes", "null", "\u00e9t\u00e9 \uD83D\uDD11", "key\r\nwith crlf");
        NoCloudSeed seed = new NoCloudSeed("iid-\"x\"\n", hostname, keys, null);

        JsonNode parsed = YAML.readTree(MetaDataYaml.render(seed));

        assertThat(parsed.size()).isEqualTo(3);
        assertThat(parsed.get("instance-id").asText()).isEqualTo("iid-\"x\"\n");
        assertThat(parsed.get("local-hostname").asText()).isEqualTo(hostname);
        assertThat(parsed.get("public-keys")).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(parsed.get("public-keys").get(i).isTextual()).isTrue();
            assertThat(parsed.get("public-keys").get(i).asText()).isEqualTo(keys.get(i).strip());
        }
    }

    @Test
    void escapesControlAndBreakCharacters() {
        assertThat(MetaDataYaml.quote("a\"b\\c\n\t\r\0")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\r\\0\"");
        assertThat(MetaDataYaml.quote("x\u0001\u007f\u2028\uFEFF")).isEqualTo("\"x\\u0001\\u007F\\u2028\\uFEFF\"");
        assertThat(MetaDataYaml.quote("lone\uD800")).isEqualTo("\"lone\\uFFFD\"");
        assertThat(MetaDataYaml.quote("caf\u00e9 \uD83D\uDD11")).isEqualTo("\"caf\u00e9 \uD83D\uDD11\"");
    }
}
