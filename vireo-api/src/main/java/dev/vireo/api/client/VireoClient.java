package dev.vireo.api.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.vireo.api.AttachRequest;
import dev.vireo.api.BackupRequest;
import dev.vireo.api.BackupView;
import dev.vireo.api.CloneRequest;
import dev.vireo.api.ConsoleInfo;
import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.EventView;
import dev.vireo.api.ExportRequest;
import dev.vireo.api.ForwardRequest;
import dev.vireo.api.ForwardView;
import dev.vireo.api.GroupAttachRequest;
import dev.vireo.api.HostInfo;
import dev.vireo.api.ImageBuildRequest;
import dev.vireo.api.ImageImportRequest;
import dev.vireo.api.ImageView;
import dev.vireo.api.InstanceImportRequest;
import dev.vireo.api.InstanceUpdateRequest;
import dev.vireo.api.InstanceView;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.NetworkRequest;
import dev.vireo.api.NetworkView;
import dev.vireo.api.NicView;
import dev.vireo.api.S3Key;
import dev.vireo.api.OperationView;
import dev.vireo.api.PoolRequest;
import dev.vireo.api.PoolView;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.RestoreRequest;
import dev.vireo.api.RuleRequest;
import dev.vireo.api.SecurityGroupRequest;
import dev.vireo.api.SecurityGroupView;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.SnapshotView;
import dev.vireo.api.SshAccess;
import dev.vireo.api.StateRequest;
import dev.vireo.api.VireoException;
import dev.vireo.api.VolumeRequest;
import dev.vireo.api.VolumeUpdateRequest;
import dev.vireo.api.VolumeView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed client of the REST API v1 (docs/rest-api.md) over the daemon's unix socket or TCP.
 * Every failure is a {@link VireoException}: the daemon's own error, or UNAVAILABLE when the
 * daemon cannot be reached. Thread-safe: each call opens its own connection.
 */
public final class VireoClient implements AutoCloseable {
    /** How long one long-poll on an operation lasts, so callers see progress about once a second. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Endpoint endpoint;

    private VireoClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public static VireoClient unix(Path socket) {
        return new VireoClient(Endpoint.unix(Objects.requireNonNull(socket, "socket")));
    }

    public static VireoClient tcp(String host, int port) {
        return new VireoClient(Endpoint.tcp(Objects.requireNonNull(host, "host"), port));
    }

    /** The socket path or host:port, as used in messages. */
    public String endpoint() {
        return endpoint.display();
    }

    public HostInfo host() {
        return get("/v1/host", type(HostInfo.class));
    }

    public List<ImageView> images() {
        return get("/v1/images", listOf(ImageView.class));
    }

    public ImageView image(String alias) {
        return get("/v1/images/" + PathEncoding.alias(alias), type(ImageView.class));
    }

    public OperationView importImage(ImageImportRequest request) {
        return send("POST", "/v1/images", Objects.requireNonNull(request), type(OperationView.class));
    }

    public OperationView buildImage(ImageBuildRequest request) {
        return send("POST", "/v1/images-build", Objects.requireNonNull(request), type(OperationView.class));
    }

    public void deleteImage(String alias) {
        send("DELETE", "/v1/images/" + PathEncoding.alias(alias), null, null);
    }

    public List<InstanceView> instances() {
        return get("/v1/instances", listOf(InstanceView.class));
    }

    public InstanceView instance(String name) {
        return get(instancePath(name), type(InstanceView.class));
    }

    /** Changes a stopped instance's hardware; returns the instance as it is now. */
    public InstanceView updateInstance(String name, InstanceUpdateRequest request) {
        return send("PATCH", instancePath(name), Objects.requireNonNull(request), type(InstanceView.class));
    }

    /** A new S3 access key; its secret is in this answer only. */
    public S3Key createS3Key() {
        return send("POST", "/v1/s3/keys", java.util.Map.of(), type(S3Key.class));
    }

    /** S3 access key ids (no secrets). */
    public List<S3Key> s3Keys() {
        return get("/v1/s3/keys", listOf(S3Key.class));
    }

    public void deleteS3Key(String accessKeyId) {
        send("DELETE", "/v1/s3/keys/" + PathEncoding.segment(accessKeyId, "access key id"), null, null);
    }

    public OperationView launch(LaunchRequest request) {
        return send("POST", "/v1/instances", Objects.requireNonNull(request), type(OperationView.class));
    }

    public OperationView changeState(String name, StateRequest request) {
        return send("PUT", instancePath(name) + "/state", Objects.requireNonNull(request), type(OperationView.class));
    }

    public OperationView delete(String name, boolean force) {
        return send("DELETE", instancePath(name) + "?force=" + force, null, type(OperationView.class));
    }

    public OperationView createSnapshot(String instance, SnapshotRequest request) {
        return send("POST", instancePath(instance) + "/snapshots", Objects.requireNonNull(request),
                type(OperationView.class));
    }

    /** The instance's snapshots, oldest first. */
    public List<SnapshotView> snapshots(String instance) {
        return get(instancePath(instance) + "/snapshots", listOf(SnapshotView.class));
    }

    public SnapshotView snapshot(String instance, String snap) {
        return get(snapshotPath(instance, snap), type(SnapshotView.class));
    }

    public OperationView deleteSnapshot(String instance, String snap) {
        return send("DELETE", snapshotPath(instance, snap), null, type(OperationView.class));
    }

    public OperationView restoreSnapshot(String instance, String snap) {
        // The contract's body is an empty object: room for restore options without a new route.
        return send("POST", snapshotPath(instance, snap) + "/restore", Map.of(), type(OperationView.class));
    }

    public OperationView cloneInstance(String source, CloneRequest request) {
        return send("POST", instancePath(source) + "/clone", Objects.requireNonNull(request),
                type(OperationView.class));
    }

    public OperationView publish(String instance, PublishRequest request) {
        return send("POST", instancePath(instance) + "/publish", Objects.requireNonNull(request),
                type(OperationView.class));
    }

    public OperationView exportInstance(String instance, ExportRequest request) {
        return send("POST", instancePath(instance) + "/export", Objects.requireNonNull(request),
                type(OperationView.class));
    }

    public OperationView importInstance(InstanceImportRequest request) {
        return send("POST", "/v1/instances-import", Objects.requireNonNull(request), type(OperationView.class));
    }

    public List<PoolView> pools() {
        return get("/v1/storage-pools", listOf(PoolView.class));
    }

    public PoolView pool(String name) {
        return get(poolPath(name), type(PoolView.class));
    }

    public PoolView createPool(PoolRequest request) {
        return send("POST", "/v1/storage-pools", Objects.requireNonNull(request), type(PoolView.class));
    }

    public void deletePool(String name) {
        send("DELETE", poolPath(name), null, null);
    }

    public List<VolumeView> volumes() {
        return get("/v1/volumes", listOf(VolumeView.class));
    }

    public VolumeView volume(String name) {
        return get(volumePath(name), type(VolumeView.class));
    }

    /** A new empty volume, or with {@code source} set a copy of that volume. */
    public VolumeView createVolume(VolumeRequest request) {
        return send("POST", "/v1/volumes", Objects.requireNonNull(request), type(VolumeView.class));
    }

    public VolumeView resizeVolume(String name, VolumeUpdateRequest request) {
        return send("PATCH", volumePath(name), Objects.requireNonNull(request), type(VolumeView.class));
    }

    public void deleteVolume(String name) {
        send("DELETE", volumePath(name), null, null);
    }

    /** Snapshots a volume; returns the volume with its snapshots as they now are. */
    public VolumeView createVolumeSnapshot(String volume, String snap) {
        return send("POST", volumePath(volume) + "/snapshots", new SnapshotRequest(snap, null),
                type(VolumeView.class));
    }

    public VolumeView deleteVolumeSnapshot(String volume, String snap) {
        return send("DELETE", volumeSnapshotPath(volume, snap), null, type(VolumeView.class));
    }

    public VolumeView restoreVolumeSnapshot(String volume, String snap) {
        return send("POST", volumeSnapshotPath(volume, snap) + "/restore", Map.of(), type(VolumeView.class));
    }

    /** The volumes attached to {@code instance}. */
    public List<VolumeView> instanceVolumes(String instance) {
        return get(instancePath(instance) + "/volumes", listOf(VolumeView.class));
    }

    public VolumeView attachVolume(String instance, AttachRequest request) {
        return send("POST", instancePath(instance) + "/volumes", Objects.requireNonNull(request),
                type(VolumeView.class));
    }

    /** Detaches, giving a running guest {@code timeout} (whole seconds; null: the daemon's default) to let go. */
    public VolumeView detachVolume(String instance, String volume, Duration timeout) {
        String query = timeout == null ? "" : "?timeout=" + (timeout.toMillis() + 999) / 1000;
        return send("DELETE", instancePath(instance) + "/volumes/" + PathEncoding.segment(volume, "volume name")
                + query, null, type(VolumeView.class));
    }

    public List<NetworkView> networks() {
        return get("/v1/networks", listOf(NetworkView.class));
    }

    public NetworkView network(String name) {
        return get(networkPath(name), type(NetworkView.class));
    }

    public NetworkView createNetwork(NetworkRequest request) {
        return send("POST", "/v1/networks", Objects.requireNonNull(request), type(NetworkView.class));
    }

    public void deleteNetwork(String name) {
        send("DELETE", networkPath(name), null, null);
    }

    /** The port forwards into {@code network}. */
    public List<ForwardView> forwards(String network) {
        return get(networkPath(network) + "/forwards", listOf(ForwardView.class));
    }

    public ForwardView addForward(String network, ForwardRequest request) {
        return send("POST", networkPath(network) + "/forwards", Objects.requireNonNull(request),
                type(ForwardView.class));
    }

    /** Removes the forward on host {@code listen} ("ADDRESS:PORT"); {@code proto} null: the daemon's default (tcp). */
    public void removeForward(String network, String listen, String proto) {
        String query = proto == null ? "" : "?proto=" + queryValue(proto, "protocol");
        send("DELETE", networkPath(network) + "/forwards/" + PathEncoding.segment(listen, "listen address") + query,
                null, null);
    }

    public List<SecurityGroupView> securityGroups() {
        return get("/v1/security-groups", listOf(SecurityGroupView.class));
    }

    public SecurityGroupView securityGroup(String name) {
        return get(securityGroupPath(name), type(SecurityGroupView.class));
    }

    public SecurityGroupView createSecurityGroup(SecurityGroupRequest request) {
        return send("POST", "/v1/security-groups", Objects.requireNonNull(request), type(SecurityGroupView.class));
    }

    public void deleteSecurityGroup(String name) {
        send("DELETE", securityGroupPath(name), null, null);
    }

    /** Adds an allow rule; returns the group with its rules as they now are. */
    public SecurityGroupView addRule(String group, RuleRequest rule) {
        return send("POST", securityGroupPath(group) + "/rules", Objects.requireNonNull(rule),
                type(SecurityGroupView.class));
    }

    /** Removes the allow rule {@code rule} ("tcp:22/10.0.0.0/8"); returns the group as it now is. */
    public SecurityGroupView removeRule(String group, String rule) {
        return send("DELETE", securityGroupPath(group) + "/rules?allow=" + queryValue(rule, "rule"), null,
                type(SecurityGroupView.class));
    }

    /** The NICs of {@code instance}, in guest order. */
    public List<NicView> instanceNics(String instance) {
        return get(instancePath(instance) + "/nics", listOf(NicView.class));
    }

    /** Filters one of the instance's NICs through a security group; returns that NIC as it now is. */
    public NicView attachSecurityGroup(String instance, GroupAttachRequest request) {
        return send("POST", instancePath(instance) + "/security-groups", Objects.requireNonNull(request),
                type(NicView.class));
    }

    /** Takes {@code group} off the instance's NIC {@code nic} (null: the daemon's default, eth0). */
    public NicView detachSecurityGroup(String instance, String group, String nic) {
        String query = nic == null ? "" : "?nic=" + queryValue(nic, "nic name");
        return send("DELETE", instancePath(instance) + "/security-groups/"
                + PathEncoding.segment(group, "security group name") + query, null, type(NicView.class));
    }

    public OperationView createBackup(String instance, BackupRequest request) {
        return send("POST", instancePath(instance) + "/backups", Objects.requireNonNull(request),
                type(OperationView.class));
    }

    /** Backups of {@code instance} (of every instance when null), oldest first. */
    public List<BackupView> backups(String instance) {
        String query = instance == null ? "" : "?instance=" + queryValue(instance, "instance name");
        return get("/v1/backups" + query, listOf(BackupView.class));
    }

    public OperationView restoreBackup(RestoreRequest request) {
        return send("POST", "/v1/backups/restore", Objects.requireNonNull(request), type(OperationView.class));
    }

    /** Deletes backup {@code file} (an absolute path on the daemon's host) and its description. */
    public void deleteBackup(String file) {
        send("DELETE", "/v1/backups?file=" + queryValue(file, "backup file"), null, null);
    }

    public ConsoleInfo console(String name) {
        return get(instancePath(name) + "/console", type(ConsoleInfo.class));
    }

    public String consoleLog(String name) {
        byte[] body = exchange(new HttpRequest("GET", instancePath(name) + "/console/log", "text/plain", null));
        return new String(body, StandardCharsets.UTF_8);
    }

    public SshAccess ssh(String name) {
        return get(instancePath(name) + "/ssh", type(SshAccess.class));
    }

    public List<OperationView> operations() {
        return get("/v1/operations", listOf(OperationView.class));
    }

    public OperationView operation(String id) {
        return get(operationPath(id), type(OperationView.class));
    }

    /** Returns when the operation is done or after {@code timeout} (whole seconds, rounded up), whichever first. */
    public OperationView waitOperation(String id, Duration timeout) {
        long seconds = Math.max(0, (timeout.toMillis() + 999) / 1000);
        return get(operationPath(id) + "/wait?timeout=" + seconds, type(OperationView.class));
    }

    /**
     * Waits until the operation is done, calling {@code onUpdate} with each state seen (first the
     * given one). Returns the successful operation; a failed one is thrown as its error.
     */
    public OperationView await(OperationView operation, Consumer<OperationView> onUpdate) {
        OperationView op = Objects.requireNonNull(operation);
        onUpdate.accept(op);
        while (!op.done()) {
            op = waitOperation(op.id(), POLL);
            onUpdate.accept(op);
        }
        if (!"success".equals(op.status())) {
            throw failure(op);
        }
        return op;
    }

    /** Reads {@code /v1/events}, calling {@code onEvent} per event, until the stream ends or the thread is interrupted. */
    public void events(Consumer<EventView> onEvent) {
        HttpRequest request = new HttpRequest("GET", "/v1/events", "text/event-stream", null);
        try (HttpResponse response = HttpConnection.exchange(endpoint, request)) {
            if (response.isError()) {
                throw ErrorDecoder.decode(response.status(), response.reason(), response.readBody());
            }
            new SseReader(response.body()).forEach(data -> onEvent.accept(parse(data.getBytes(
                    StandardCharsets.UTF_8), type(EventView.class), request)));
        } catch (IOException e) {
            if (!interrupted(e)) {
                throw endpoint.lostConnection(e);
            }
        } catch (VireoException e) {
            if (!interrupted(e.getCause())) {
                throw e;
            }
        }
    }

    /** Nothing to release: connections live for one request. Present so callers can use try-with-resources. */
    @Override
    public void close() {}

    private static boolean interrupted(Throwable e) {
        return e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
    }

    private static VireoException failure(OperationView op) {
        ErrorBody error = op.error();
        if (error != null && error.code() != null) {
            return new VireoException(error.code(), error.message());
        }
        return new VireoException(ErrorCode.INTERNAL, "operation " + op.id() + " ended with status " + op.status());
    }

    private static String instancePath(String name) {
        return "/v1/instances/" + PathEncoding.segment(name, "instance name");
    }

    private static String snapshotPath(String instance, String snap) {
        return instancePath(instance) + "/snapshots/" + PathEncoding.segment(snap, "snapshot name");
    }

    private static String poolPath(String name) {
        return "/v1/storage-pools/" + PathEncoding.segment(name, "pool name");
    }

    private static String volumePath(String name) {
        return "/v1/volumes/" + PathEncoding.segment(name, "volume name");
    }

    private static String volumeSnapshotPath(String volume, String snap) {
        return volumePath(volume) + "/snapshots/" + PathEncoding.segment(snap, "snapshot name");
    }

    private static String networkPath(String name) {
        return "/v1/networks/" + PathEncoding.segment(name, "network name");
    }

    private static String securityGroupPath(String name) {
        return "/v1/security-groups/" + PathEncoding.segment(name, "security group name");
    }

    private static String queryValue(String value, String what) {
        if (value == null || value.isBlank()) {
            throw VireoException.invalid(what + " is empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String operationPath(String id) {
        return "/v1/operations/" + PathEncoding.segment(id, "operation id");
    }

    private <T> T get(String path, JavaType type) {
        return send("GET", path, null, type);
    }

    private <T> T send(String method, String path, Object body, JavaType type) {
        byte[] json = body == null ? null : Json.compact(body).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.json(method, path, json);
        byte[] response = exchange(request);
        return type == null ? null : parse(response, type, request);
    }

    private byte[] exchange(HttpRequest request) {
        try (HttpResponse response = HttpConnection.exchange(endpoint, request)) {
            byte[] body = response.readBody();
            if (response.isError()) {
                throw ErrorDecoder.decode(response.status(), response.reason(), body);
            }
            return body;
        } catch (IOException e) {
            throw endpoint.lostConnection(e);
        }
    }

    private static <T> T parse(byte[] body, JavaType type, HttpRequest request) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "unexpected response from the vireo daemon to "
                    + request.method() + " " + request.target() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static JavaType type(Class<?> type) {
        return Json.mapper().constructType(type);
    }

    private static JavaType listOf(Class<?> element) {
        return Json.mapper().getTypeFactory().constructCollectionType(List.class, element);
    }
}
