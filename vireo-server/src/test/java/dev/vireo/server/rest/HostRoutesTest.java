package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.HostInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRoutesTest {
    @TempDir
    Path dir;

    @Test
    void hostInfoIsServedAsJson() {
        try (ApiFixture api = new ApiFixture(dir)) {
            ApiFixture.Response r = api.get("/v1/host");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.as(HostInfo.class)).isEqualTo(ApiFixture.HOST);
        }
    }
}
