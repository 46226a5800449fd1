package dev.vireo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonConfigTest {
    private static final Path STATE = Path.of("/tmp/vireo-test-state");

    private static DaemonConfig listening(String listen) {
        return new DaemonConfig(STATE, null, DaemonConfig.parseListen(listen));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0:8443   | 0.0.0.0
            10.0.0.1:8443  | 10.0.0.1
            [::]:8443      | 0:0:0:0:0:0:0:0
            """)
    void aNonLoopbackListenAddressIsRefusedWithAClearMessage(String listen, String shown) {
        assertThatThrownBy(() -> listening(listen))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("refusing to listen on " + shown
                        + ": only loopback addresses are allowed until TLS and tokens exist");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:0     | 0
            [::1]:0         | 0
            127.0.0.1:8443  | 8443
            127.1.2.3:9000  | 9000
            """)
    void aLoopbackListenAddressIsAccepted(String listen, int port) {
        DaemonConfig config = listening(listen);

        assertThat(config.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(config.listen().getPort()).isEqualTo(port);
    }

    @Test
    void anUnresolvedAddressIsRefused() {
        assertThatThrownBy(() -> new DaemonConfig(STATE, null, InetSocketAddress.createUnresolved("localhost", 8443)))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("refusing to listen on localhost");
    }

    @Test
    void noListenAddressMeansTheSocketOnly() {
        DaemonConfig config = new DaemonConfig(STATE, Path.of("/run/vireo/vireo.sock"), null);

        assertThat(config.listen()).isNull();
        assertThat(config.socket()).isEqualTo(Path.of("/run/vireo/vireo.sock"));
    }

    @Test
    void relativePathsBecomeAbsolute() {
        DaemonConfig config = new DaemonConfig(Path.of("state"), Path.of("run/vireo.sock"), null);

        assertThat(config.stateDir()).isEqualTo(Path.of("state").toAbsolutePath());
        assertThat(config.socket()).isEqualTo(Path.of("run/vireo.sock").toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8443", ":8443", ""})
    void aListenValueWithoutHostAndPortIsInvalid(String listen) {
        assertThatThrownBy(() -> DaemonConfig.parseListen(listen))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid --listen '" + listen + "': use 127.0.0.1:PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:-1", "127.0.0.1:"})
    void aBadPortIsInvalid(String listen) {
        assertThatThrownBy(() -> DaemonConfig.parseListen(listen))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("invalid port in --listen '" + listen + "'");
    }
}
