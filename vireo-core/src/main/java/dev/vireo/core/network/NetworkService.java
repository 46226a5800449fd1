package dev.vireo.core.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.ForwardRequest;
import dev.vireo.api.ForwardView;
import dev.vireo.api.NetworkRequest;
import dev.vireo.api.NetworkView;
import dev.vireo.api.NicRequest;
import dev.vireo.api.NicView;
import dev.vireo.api.VireoException;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Managed networks and the NICs, port forwards and security groups on them. Policy lives here
 * (names, addresses, MACs, which rules apply to which NIC); the {@link NetworkBackend} makes the
 * host match. Every change is recorded first and then applied to the whole network, so a daemon
 * restart only has to apply each network again. Changes are serialised: they are rare and short.
 */
public final class NetworkService {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);
    public static final String DEFAULT_NETWORK = "vireo0";
    /** The network name that means QEMU user-mode networking (no bridge, SSH forwarded to loopback). */
    public static final String USER = "user";
    static final String DEFAULT_DOMAIN = "vireo";
    /** A guest sees NICs as eth0..eth7; the host device name has one digit for the index. */
    static final int MAX_NICS = 8;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,13}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private final StateStore state;
    private final NetworkBackend backend;
    private final EventBus events;
    private final Clock clock;
    private final SecurityGroups groups;

    public NetworkService(StateStore state, NetworkBackend backend, EventBus events, Clock clock) {
        this.state = state;
        this.backend = backend;
        this.events = events;
        this.clock = clock;
        this.groups = new SecurityGroups(state, this, clock);
    }

    public SecurityGroups securityGroups() {
        return groups;
    }

    // ---- networks

    public synchronized NetworkView create(NetworkRequest req) {
        if (req == null) {
            throw VireoException.invalid("no network given");
        }
        requireBackend();
        Network network = plan(req);
        try (Reverter reverter = new Reverter()) {
            state.insertNetwork(network);
            reverter.add(() -> state.deleteNetwork(network.name()));
            backend.apply(stateOf(network));
            reverter.success();
        }
        LOG.info("network {} created: {} {}, gateway {}", network.name(), network.type().id(), network.subnet(),
                network.gateway());
        events.publish("network-created", network.name(), null, null);
        return view(network);
    }

    private Network plan(NetworkRequest req) {
        String name = name(req.name());
        if (state.findNetwork(name).isPresent()) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "network " + name + " already exists");
        }
        if (backend.linkExists(name)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "the host already has a network interface named "
                    + name + "; choose another name");
        }
        NetworkType type = NetworkType.parse(req.type());
        Subnet subnet = req.subnet() == null ? freeSubnet() : Subnet.parse(req.subnet());
        if (subnet.prefix() < 8 || subnet.prefix() > 29) {
            throw VireoException.invalid("subnet " + subnet + ": use a prefix between /8 and /29");
        }
        checkNoOverlap(subnet);
        String domain = req.dnsDomain() == null ? DEFAULT_DOMAIN : req.dnsDomain().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches() || domain.length() > 253) {
            throw VireoException.invalid("invalid DNS domain '" + req.dnsDomain() + "'");
        }
        int mtu = req.mtu() == null ? Network.DEFAULT_MTU : req.mtu();
        if (mtu < 576 || mtu > 9000) {
            throw VireoException.invalid("MTU " + mtu + " is out of range (576-9000)");
        }
        Integer vni = null;
        List<String> peers = List.of();
        String local = null;
        if (type == NetworkType.VXLAN) {
            if (req.vni() == null || req.vni() < 1 || req.vni() > 16_777_215) {
                throw VireoException.invalid("a vxlan network needs --vni between 1 and 16777215");
            }
            vni = req.vni();
            int taken = vni;
            state.listNetworks().stream().filter(n -> n.vni() != null && n.vni() == taken).findFirst()
                    .ifPresent(n -> {
                        throw new VireoException(ErrorCode.ALREADY_EXISTS, "VNI " + taken + " is already used by network "
                                + n.name());
                    });
            peers = req.peers() == null ? List.of() : req.peers().stream().map(NetworkService::address).distinct()
                    .toList();
            local = req.local() == null ? null : address(req.local());
        } else if (req.vni() != null || (req.peers() != null && !req.peers().isEmpty()) || req.local() != null) {
            throw VireoException.invalid("--vni, --peer and --local go with --type vxlan");
        }
        boolean nat = req.nat() == null || req.nat();
        return new Network(name, type, subnet, nat, domain, mtu, vni, peers, local, clock.instant());
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw VireoException.invalid("invalid network name '" + name + "': use 1-14 lowercase letters, digits and"
                    + " '-', starting with a letter (it names the bridge)");
        }
        if (name.equals(USER)) {
            throw VireoException.invalid("'user' is reserved: it means QEMU user-mode networking");
        }
        return name;
    }

    private static String address(String text) {
        return Subnet.format(Subnet.parseAddress(text));
    }

    private void checkNoOverlap(Subnet subnet) {
        for (Network n : state.listNetworks()) {
            if (n.subnet().overlaps(subnet)) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "subnet " + subnet + " overlaps network " + n.name()
                        + " (" + n.subnet() + ")");
            }
        }
        for (Subnet s : backend.hostSubnets()) {
            if (s.overlaps(subnet) && state.listNetworks().stream().noneMatch(n -> n.subnet().equals(s))) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "subnet " + subnet + " overlaps " + s
                        + ", which this host already routes");
            }
        }
    }

    /** The first private /24 in 10.73.0.0-10.99.255.0 that neither Vireo nor the host uses. */
    private Subnet freeSubnet() {
        List<Subnet> used = new ArrayList<>(backend.hostSubnets());
        state.listNetworks().forEach(n -> used.add(n.subnet()));
        for (int b = 73; b <= 99; b++) {
            for (int c = 0; c < 256; c++) {
                Subnet candidate = new Subnet((10 << 24) | (b << 16) | (c << 8), 24);
                if (used.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "no free /24 in 10.73.0.0-10.99.255.0; give"
                + " --subnet");
    }

    public List<NetworkView> list() {
        return state.listNetworks().stream().map(this::view).toList();
    }

    public NetworkView get(String name) {
        return view(network(name));
    }

    Network network(String name) {
        return state.findNetwork(name).orElseThrow(() -> VireoException.notFound("network " + name));
    }

    public synchronized void delete(String name) {
        Network network = network(name);
        List<String> users = instancesOn(name);
        if (!users.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "network " + name + " is in use by "
                    + String.join(", ", users) + "; delete those instances first");
        }
        backend.remove(network);
        state.deleteNetwork(name);
        LOG.info("network {} deleted", name);
        events.publish("network-deleted", name, null, null);
    }

    /**
     * At the daemon's first start: the default NAT network, when this host can carry one and none
     * was ever made here ({@code marker} remembers it, so a deleted default stays deleted).
     */
    public void ensureDefault(Path marker) {
        if (Files.exists(marker) || !state.listNetworks().isEmpty()) {
            return;
        }
        String why = backend.unavailableReason();
        if (why != null) {
            LOG.warn("no default network: {}; instances use user-mode networking", why);
            return;
        }
        if (backend.linkExists(DEFAULT_NETWORK)) {
            LOG.warn("no default network: the host already has an interface named {} (another Vireo?); instances"
                    + " use user-mode networking until a network is created", DEFAULT_NETWORK);
            return;
        }
        create(new NetworkRequest(DEFAULT_NETWORK, null, true, null, null, null, null, null, null));
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "the default network " + DEFAULT_NETWORK + " was created\n");
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", marker, e.toString());
        }
    }

    /** At daemon start: every network carried again; what already runs is adopted, not restarted. */
    public synchronized void reconcile() {
        for (Network n : state.listNetworks()) {
            try {
                backend.apply(stateOf(n));
            } catch (RuntimeException e) {
                LOG.error("network {}: cannot apply: {}", n.name(), e.getMessage());
            }
        }
    }

    /** Applies a network after its NICs, forwards or their security groups changed. */
    synchronized void apply(String network) {
        state.findNetwork(network).ifPresent(n -> backend.apply(stateOf(n)));
    }

    private NetworkState stateOf(Network network) {
        List<NetworkState.Port> ports = new ArrayList<>();
        for (Nic nic : state.listNics()) {
            if (nic.network().equals(network.name())) {
                ports.add(new NetworkState.Port(nic.hostDevice(), nic.mac(), nic.ip(), nic.instance(),
                        !nic.securityGroups().isEmpty(), groups.rulesOf(nic)));
            }
        }
        List<NetworkState.Forward> forwards = new ArrayList<>();
        for (PortForward f : state.listForwards()) {
            if (f.network().equals(network.name())) {
                nicOn(f.instance(), network.name()).ifPresent(nic -> forwards.add(new NetworkState.Forward(
                        f.listenAddress(), f.listenPort(), f.proto(), nic.ip(), f.targetPort())));
            }
        }
        return new NetworkState(network, ports, forwards);
    }

    private NetworkView view(Network n) {
        List<ForwardView> forwards = state.listForwards().stream().filter(f -> f.network().equals(n.name()))
                .map(this::forwardView).toList();
        return new NetworkView(n.name(), n.type().id(), n.subnet().toString(), n.gateway(), n.nat(), n.dnsDomain(),
                n.mtu(), n.vni(), n.peers(), n.bridge(), instancesOn(n.name()), forwards, n.createdAt());
    }

    private List<String> instancesOn(String network) {
        return state.listNics().stream().filter(n -> n.network().equals(network)).map(Nic::instance).distinct()
                .toList();
    }

    private void requireBackend() {
        String why = backend.unavailableReason();
        if (why != null) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "managed networks are unavailable: " + why
                    + " (use --network user)");
        }
    }

    // ---- NICs

    /**
     * Validates the NICs a launch asks for, before any work: null or empty means one NIC on the
     * default network (user-mode networking when there is none); "user" alone means user-mode
     * networking, which is returned as an empty list.
     */
    public List<NicRequest> checkLaunch(List<NicRequest> requested) {
        if (requested == null || requested.isEmpty()) {
            return state.findNetwork(DEFAULT_NETWORK).isPresent()
                    ? List.of(new NicRequest(DEFAULT_NETWORK, null, null, null)) : List.of();
        }
        if (requested.stream().anyMatch(r -> r == null || USER.equals(r.network()))) {
            if (requested.size() > 1) {
                throw VireoException.invalid("--network user cannot be combined with other networks");
            }
            NicRequest user = requested.getFirst();
            if (user == null || user.ip() != null || user.mac() != null
                    || (user.securityGroups() != null && !user.securityGroups().isEmpty())) {
                throw VireoException.invalid("--network user takes no ip, mac or secgroup");
            }
            return List.of();
        }
        if (requested.size() > MAX_NICS) {
            throw VireoException.invalid("at most " + MAX_NICS + " NICs per instance");
        }
        Set<String> macs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        List<NicRequest> checked = new ArrayList<>();
        for (NicRequest r : requested) {
            Network network = network(r.network());
            String ip = r.ip() == null ? null : checkAddress(network, r.ip());
            if (ip != null && !ips.add(network.name() + "/" + ip)) {
                throw VireoException.invalid("address " + ip + " is given twice");
            }
            String mac = r.mac() == null ? null : checkMac(r.mac());
            if (mac != null && !macs.add(mac)) {
                throw VireoException.invalid("MAC " + mac + " is given twice");
            }
            List<String> sg = r.securityGroups() == null ? List.of() : List.copyOf(new LinkedHashSet<>(
                    r.securityGroups()));
            sg.forEach(groups::require);
            checked.add(new NicRequest(network.name(), ip, mac, sg));
        }
        return checked;
    }

    private String checkAddress(Network network, String text) {
        int ip = Subnet.parseAddress(text);
        Subnet s = network.subnet();
        if (!s.contains(ip)) {
            throw VireoException.invalid("address " + text + " is outside network " + network.name() + " ("
                    + s + ")");
        }
        if (ip < s.firstHost() || ip > s.lastHost()) {
            throw VireoException.invalid("address " + text + " is reserved on network " + network.name()
                    + " (network, gateway or broadcast); use " + Subnet.format(s.firstHost()) + "-"
                    + Subnet.format(s.lastHost()));
        }
        String formatted = Subnet.format(ip);
        state.listNics().stream().filter(n -> n.network().equals(network.name()) && n.ip().equals(formatted))
                .findFirst().ifPresent(n -> {
                    throw new VireoException(ErrorCode.ALREADY_EXISTS, "address " + formatted + " on network "
                            + network.name() + " is taken by " + n.instance());
                });
        return formatted;
    }

    private static String checkMac(String text) {
        String mac = text.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(mac).matches()) {
            throw VireoException.invalid("invalid MAC address '" + text + "': use six hex pairs, e.g. 52:54:00:12:34:56");
        }
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw VireoException.invalid("MAC address " + text + " is a multicast address; the first byte must be even");
        }
        return mac;
    }

    /**
     * Gives {@code instance} its NICs (the first with {@code firstMac} unless the request names
     * one) with free addresses, records them and plugs them into their bridges. Undo with
     * {@link #releaseAll}.
     */
    public synchronized List<Nic> attach(String instance, UUID uuid, String firstMac, List<NicRequest> plan) {
        if (plan.isEmpty()) {
            return List.of();
        }
        List<Nic> all = state.listNics();
        Set<String> usedMacs = new HashSet<>();
        all.forEach(n -> usedMacs.add(n.mac()));
        state.listInstances().stream().filter(i -> !i.name().equals(instance))
                .forEach(i -> usedMacs.add(i.spec().macAddress()));
        List<Nic> nics = new ArrayList<>();
        for (int index = 0; index < plan.size(); index++) {
            NicRequest r = plan.get(index);
            Network network = network(r.network());
            String mac = r.mac() != null ? r.mac() : index == 0 ? firstMac : freeMac(usedMacs);
            if (!usedMacs.add(mac) && !(index == 0 && mac.equals(firstMac) && r.mac() == null)) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "MAC " + mac + " is taken by another instance");
            }
            String ip = r.ip() != null ? checkAddress(network, r.ip()) : freeAddress(network, all, nics);
            nics.add(new Nic(instance, index, network.name(), mac, ip, hostDevice(uuid, index),
                    r.securityGroups() == null ? List.of() : r.securityGroups()));
        }
        state.insertNics(nics);
        try {
            nics.stream().map(Nic::network).distinct().forEach(this::apply);
        } catch (RuntimeException e) {
            releaseAll(instance);
            throw e;
        }
        return nics;
    }

    /** The NICs of a clone: on the same networks as {@code source}'s, with new MACs and addresses. */
    public List<NicRequest> sameNetworksAs(String source) {
        return nicsOf(source).stream().map(n -> new NicRequest(n.network(), null, null, n.securityGroups()))
                .toList();
    }

    private static String freeMac(Set<String> used) {
        while (true) {
            byte[] b = new byte[3];
            ThreadLocalRandom.current().nextBytes(b);
            String mac = String.format("52:54:00:%02x:%02x:%02x", b[0], b[1], b[2]);
            if (!used.contains(mac)) {
                return mac;
            }
        }
    }

    private static String freeAddress(Network network, List<Nic> existing, List<Nic> planned) {
        Set<String> used = new HashSet<>();
        existing.stream().filter(n -> n.network().equals(network.name())).forEach(n -> used.add(n.ip()));
        planned.stream().filter(n -> n.network().equals(network.name())).forEach(n -> used.add(n.ip()));
        Subnet s = network.subnet();
        for (int ip = s.firstHost(); ip <= s.lastHost(); ip++) {
            String candidate = Subnet.format(ip);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "network " + network.name() + " (" + s
                + ") has no free address: all " + s.hostCount() + " are taken");
    }

    /** "vn" + 10 hex digits of the instance's UUID + the NIC's index: stable, unique, 13 characters. */
    static String hostDevice(UUID uuid, int index) {
        return "vn" + uuid.toString().replace("-", "").substring(0, 10) + index;
    }

    /** Removes an instance's NICs and forwards and unplugs them from their bridges. */
    public synchronized void releaseAll(String instance) {
        List<String> networks = nicsOf(instance).stream().map(Nic::network).distinct().toList();
        state.deleteNics(instance);
        for (String n : networks) {
            try {
                apply(n);
            } catch (RuntimeException e) {
                LOG.warn("network {}: cannot unplug {}'s NICs: {}", n, instance, e.getMessage());
            }
        }
    }

    /** An instance's NICs in guest order; empty for user-mode networking. */
    public List<Nic> nicsOf(String instance) {
        return state.listNics().stream().filter(n -> n.instance().equals(instance)).toList();
    }

    Optional<Nic> nicOn(String instance, String network) {
        return nicsOf(instance).stream().filter(n -> n.network().equals(network)).findFirst();
    }

    /** The NIC that has {@code ip}: subnets never overlap, so it is unique on this host. */
    public Optional<Nic> nicAt(String ip) {
        return state.listNics().stream().filter(n -> n.ip().equals(ip)).findFirst();
    }

    public Network networkOf(Nic nic) {
        return network(nic.network());
    }

    /** An existing instance's NICs; 404 for an unknown instance. */
    public List<NicView> instanceNics(String instance) {
        state.findInstance(instance).orElseThrow(() -> VireoException.notFound("instance " + instance));
        return views(instance);
    }

    public List<NicView> views(String instance) {
        List<Nic> nics = nicsOf(instance);
        Set<String> leased = new HashSet<>();
        nics.stream().map(Nic::network).distinct().forEach(n -> state.findNetwork(n).ifPresent(net -> {
            try {
                backend.leases(net).forEach(l -> leased.add(l.mac() + "/" + l.ip()));
            } catch (RuntimeException e) {
                LOG.debug("network {}: cannot read leases: {}", n, e.toString());
            }
        }));
        return nics.stream().map(n -> new NicView(n.name(), n.network(), n.mac(), n.ip(), n.hostDevice(),
                n.securityGroups(), leased.contains(n.mac() + "/" + n.ip()))).toList();
    }

    // ---- port forwards

    public synchronized ForwardView addForward(String networkName, ForwardRequest req) {
        Network network = network(networkName);
        if (req == null || req.listen() == null || req.to() == null) {
            throw VireoException.invalid("a forward needs --listen ADDRESS:PORT and --to INSTANCE:PORT");
        }
        String proto = proto(req.proto());
        int colon = req.listen().lastIndexOf(':');
        if (colon < 0) {
            throw VireoException.invalid("--listen '" + req.listen() + "': use ADDRESS:PORT, e.g. 127.0.0.1:8080");
        }
        String address = address(req.listen().substring(0, colon));
        if (address.equals("0.0.0.0")) {
            throw VireoException.invalid("--listen needs one of the host's addresses (e.g. 127.0.0.1), not 0.0.0.0");
        }
        int port = port(req.listen().substring(colon + 1), "--listen");
        int to = req.to().lastIndexOf(':');
        if (to < 0) {
            throw VireoException.invalid("--to '" + req.to() + "': use INSTANCE:PORT, e.g. web:80");
        }
        String instance = req.to().substring(0, to);
        int targetPort = port(req.to().substring(to + 1), "--to");
        state.findInstance(instance).orElseThrow(() -> VireoException.notFound("instance " + instance));
        nicOn(instance, network.name()).orElseThrow(() -> new VireoException(ErrorCode.INVALID_STATE, "instance "
                + instance + " has no NIC on network " + network.name()));
        PortForward forward = new PortForward(network.name(), address, port, proto, instance, targetPort);
        if (state.listForwards().stream().anyMatch(f -> f.key().equals(forward.key()))) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "forward " + forward.key() + " already exists");
        }
        HostPorts.requireFree(address, port, proto);
        try (Reverter reverter = new Reverter()) {
            state.insertForward(forward);
            reverter.add(() -> state.deleteForward(address, port, proto));
            apply(network.name());
            reverter.success();
        }
        return forwardView(forward);
    }

    public List<ForwardView> forwards(String networkName) {
        Network network = network(networkName);
        return state.listForwards().stream().filter(f -> f.network().equals(network.name())).map(this::forwardView)
                .toList();
    }

    public synchronized void removeForward(String networkName, String listen, String proto) {
        Network network = network(networkName);
        String p = proto(proto);
        PortForward forward = state.listForwards().stream().filter(f -> f.network().equals(network.name())
                && (f.listenAddress() + ":" + f.listenPort()).equals(listen) && f.proto().equals(p)).findFirst()
                .orElseThrow(() -> VireoException.notFound("forward " + listen + "/" + p + " on network "
                        + network.name()));
        state.deleteForward(forward.listenAddress(), forward.listenPort(), forward.proto());
        apply(network.name());
    }

    private ForwardView forwardView(PortForward f) {
        String target = nicOn(f.instance(), f.network()).map(n -> n.ip() + ":" + f.targetPort()).orElse(null);
        return new ForwardView(f.network(), f.listenAddress() + ":" + f.listenPort(), f.proto(), f.instance(),
                f.targetPort(), target);
    }

    private static String proto(String proto) {
        String p = proto == null ? "tcp" : proto.toLowerCase(Locale.ROOT);
        if (!p.equals("tcp") && !p.equals("udp")) {
            throw VireoException.invalid("invalid protocol '" + proto + "': use tcp or udp");
        }
        return p;
    }

    private static int port(String text, String what) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw VireoException.invalid(what + ": '" + text + "' is not a port (1-65535)");
    }
}
