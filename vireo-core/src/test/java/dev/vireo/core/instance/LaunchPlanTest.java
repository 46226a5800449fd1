package dev.vireo.core.instance;

import static dev.vireo.core.fakes.FakeHosts.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.fakes.FakeHosts;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.host.HostFacts;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchPlanTest {
    private static final HostFacts HOST = FakeHosts.tcg(4, 8 * GIB);
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7sxw alice@laptop";

    private static InstanceSpec plan(LaunchRequest req) {
        return plan(req, HOST);
    }

    private static InstanceSpec plan(LaunchRequest req, HostFacts host) {
        return LaunchPlan.spec(req, host, AcceleratorChoice.decide(host));
    }

    private static LaunchRequest req(String name) {
        return new LaunchRequest(name, "debian/12", null, null, null, null, null, null, null, null);
    }

    private static LaunchRequest sized(Integer cpus, String memory, String disk) {
        return new LaunchRequest("web1", "debian/12", cpus, memory, disk, null, null, null, null, null);
    }

    private static LaunchRequest keys(List<String> keys) {
        return new LaunchRequest("web1", "debian/12", null, null, null, keys, null, null, null, null);
    }

    private static LaunchRequest accel(String accel) {
        return new LaunchRequest("web1", "debian/12", null, null, null, null, null, accel, null, null);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VireoException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void appliesDefaultsWhenOnlyNameAndImageAreGiven() {
        InstanceSpec spec = plan(req("web1"));

        assertThat(spec.cpus()).isEqualTo(2);
        assertThat(spec.memoryBytes()).isEqualTo(LaunchPlan.DEFAULT_MEMORY).isEqualTo(GIB);
        assertThat(spec.diskBytes()).isEqualTo(LaunchPlan.DEFAULT_DISK).isEqualTo(5 * GIB);
        assertThat(spec.accel()).isEqualTo(Accelerator.AUTO);
        assertThat(spec.sshKeys()).isEmpty();
        assertThat(spec.userData()).isNull();
        assertThat(spec.macAddress()).matches("52:54:00(:[0-9a-f]{2}){3}");
    }

    @Test
    void defaultCpusNeverExceedTheHost() {
        assertThat(plan(req("web1"), FakeHosts.tcg(1, 8 * GIB)).cpus()).isEqualTo(1);
    }

    @Test
    void takesSizesAsGiven() {
        InstanceSpec spec = plan(sized(4, "512MiB", "20G"));

        assertThat(spec.cpus()).isEqualTo(4);
        assertThat(spec.memoryBytes()).isEqualTo(512L << 20);
        assertThat(spec.diskBytes()).isEqualTo(20 * GIB);
    }

    @Test
    void moreCpusThanTheHostHasIsInsufficientResources() {
        assertThatThrownBy(() -> plan(sized(5, null, null)))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES))
                .hasMessage("5 cpus requested but the host has 4");
    }

    @Test
    void moreMemoryThanTheHostHasIsInsufficientResources() {
        assertThatThrownBy(() -> plan(sized(null, "9GiB", null)))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES))
                .hasMessage("memory 9GiB exceeds the host's 8GiB");
    }

    @Test
    void unknownHostMemoryDoesNotLimit() {
        assertThat(plan(sized(null, "64GiB", null), FakeHosts.tcg(4, 0)).memoryBytes()).isEqualTo(64 * GIB);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void cpusBelowOneAreInvalid(int cpus) {
        assertRefused(() -> plan(sized(cpus, null, null)), ErrorCode.INVALID_ARGUMENT, "cpus must be at least 1");
    }

    @Test
    void memoryBelowTheMinimumIsInvalid() {
        assertRefused(() -> plan(sized(null, "32MiB", null)), ErrorCode.INVALID_ARGUMENT,
                "memory 32MiB is below the minimum of 64MiB");
    }

    static Stream<String> badNames() {
        return Stream.of("", "-a", "a-", "A", "a_b", "web.1", "web 1", "a".repeat(64));
    }

    static Stream<String> goodNames() {
        return Stream.of("a", "0", "web-1", "1-2-3", "a".repeat(63));
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void badNamesAreInvalid(String name) {
        assertRefused(() -> plan(req(name)), ErrorCode.INVALID_ARGUMENT, "invalid instance name '" + name + "'");
    }

    @Test
    void missingNameIsInvalid() {
        assertRefused(() -> plan(req(null)), ErrorCode.INVALID_ARGUMENT, "invalid instance name");
    }

    @ParameterizedTest
    @MethodSource("goodNames")
    void dnsLabelsUpTo63CharactersAreValidNames(String name) {
        assertThat(plan(req(name))).isNotNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingImageIsInvalid(String image) {
        LaunchRequest r = new LaunchRequest("web1", image, null, null, null, null, null, null, null, null);
        assertRefused(() -> plan(r), ErrorCode.INVALID_ARGUMENT, "no image given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "1.5G", "-1G", "1X", "1 GiB extra", ""})
    void badMemorySizesAreInvalid(String memory) {
        assertRefused(() -> plan(sized(null, memory, null)), ErrorCode.INVALID_ARGUMENT, "size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", "10 XB", "99999999999999999999"})
    void badDiskSizesAreInvalid(String disk) {
        assertRefused(() -> plan(sized(null, null, disk)), ErrorCode.INVALID_ARGUMENT, disk);
    }

    @Test
    void zeroDiskIsInvalid() {
        assertRefused(() -> plan(sized(null, null, "0")), ErrorCode.INVALID_ARGUMENT, "disk size must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a key", "ssh-rsa", "ssh-rsa ", "ssh-foo AAAAB3NzaC1yc2E",
            "ssh-ed25519 AAAA\nssh-rsa BBBB", "ssh-ed25519 AAAA$$$$", "-----BEGIN OPENSSH PRIVATE KEY-----"})
    void badSshKeysAreInvalid(String key) {
        assertRefused(() -> plan(keys(List.of(KEY, key))), ErrorCode.INVALID_ARGUMENT, "not an SSH public key");
    }

    @Test
    void nullSshKeyIsInvalid() {
        assertRefused(() -> plan(keys(Arrays.asList(KEY, null))), ErrorCode.INVALID_ARGUMENT,
                "not an SSH public key: ''");
    }

    @Test
    void longBadKeyIsAbbreviatedInTheMessage() {
        String key = "x".repeat(100);
        assertThatThrownBy(() -> plan(keys(List.of(key))))
                .hasMessage("not an SSH public key: '" + "x".repeat(40) + "...'");
    }

    @Test
    void goodSshKeysAreKeptStripped() {
        List<String> given = List.of("  " + KEY + "\n",
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==",
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= bob",
                "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t carol@key");

        assertThat(plan(keys(given)).sshKeys()).containsExactly(KEY, given.get(1), given.get(2), given.get(3));
    }

    @Test
    void kvmRequestedWhereTheCpuLacksVirtualizationIsInvalidAndSaysWhy() {
        assertThatThrownBy(() -> plan(accel("kvm")))
                .isInstanceOfSatisfying(VireoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("kvm is not available on this host: CPU flags lack vmx and svm (nested virtualization "
                        + "is not exposed to this guest); use --accel tcg");
    }

    @Test
    void kvmRequestedWhereItWorksIsKept() {
        assertThat(plan(accel("kvm"), FakeHosts.kvm(4, 8 * GIB)).accel()).isEqualTo(Accelerator.KVM);
    }

    @Test
    void tcgCanAlwaysBeRequested() {
        assertThat(plan(accel("TCG")).accel()).isEqualTo(Accelerator.TCG);
    }

    @Test
    void unknownAcceleratorIsInvalid() {
        assertRefused(() -> plan(accel("xen")), ErrorCode.INVALID_ARGUMENT, "invalid accelerator 'xen'");
    }

    @Test
    void defaultDiskGrowsToTheImageButAnExplicitDiskIsKept() {
        InstanceSpec byDefault = plan(req("web1"));
        InstanceSpec explicit = plan(sized(null, null, "1GiB"));

        assertThat(LaunchPlan.effectiveDisk(req("web1"), byDefault, 8 * GIB)).isEqualTo(8 * GIB);
        assertThat(LaunchPlan.effectiveDisk(req("web1"), byDefault, GIB)).isEqualTo(5 * GIB);
        assertThat(LaunchPlan.effectiveDisk(sized(null, null, "1GiB"), explicit, 8 * GIB)).isEqualTo(GIB);
    }
}
