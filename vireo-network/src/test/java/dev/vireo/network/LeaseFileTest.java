package dev.vireo.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.core.network.Lease;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseFileTest {
    @Test
    void parsesLeasesInfiniteAndAnonymous() {
        String text = """
                1735689600 52:54:00:00:00:01 10.73.0.5 web1 01:52:54:00:00:00:01
                0 52:54:00:00:00:02 10.73.0.6 * *
                duid 00:01:00:01:2c:aa
                garbage
                """;
        assertThat(LeaseFile.parse(text)).containsExactly(
                new Lease("52:54:00:00:00:01", "10.73.0.5", "web1", Instant.ofEpochSecond(1735689600)),
                new Lease("52:54:00:00:00:02", "10.73.0.6", null, null));
    }

    @Test
    void missingFileIsNoLeases() {
        assertThat(LeaseFile.parse(null)).isEmpty();
        assertThat(LeaseFile.parse("")).isEmpty();
    }
}
