package dev.vireo.network.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataPathTest {
    @Test
    void requestPathKeepsLeadingDoubleSlashAsPath() {
        assertThat(MetadataPath.requestPath(URI.create("//latest//meta-data/"))).isEqualTo("//latest//meta-data/");
        assertThat(MetadataPath.requestPath(URI.create("/latest/meta-data?x=1"))).isEqualTo("/latest/meta-data");
        assertThat(MetadataPath.requestPath(URI.create("/a%2e%2e/%2e%2e"))).isEqualTo("/a../..");
        assertThat(MetadataPath.requestPath(URI.create("http://169.254.169.254/openstack"))).isEqualTo("/openstack");
        assertThat(MetadataPath.requestPath(URI.create("*"))).isNull();
    }

    @Test
    void parseDropsEmptySegmentsAndRefusesDots() {
        assertThat(MetadataPath.parse("//latest///meta-data/").orElseThrow().segments())
                .isEqualTo(List.of("latest", "meta-data"));
        assertThat(MetadataPath.parse("/").orElseThrow().isRoot()).isTrue();
        assertThat(MetadataPath.parse("/a../b").orElseThrow().segments()).isEqualTo(List.of("a..", "b"));
        assertThat(MetadataPath.parse("/latest/../x")).isEmpty();
        assertThat(MetadataPath.parse("/latest/./x")).isEmpty();
        assertThat(MetadataPath.parse("/latest/\n")).isEmpty();
        assertThat(MetadataPath.parse("latest")).isEmpty();
        assertThat(MetadataPath.parse(null)).isEmpty();
    }
}
