package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One typed method per QMP command used by Vireo, each with the client's default timeout. */
public final class QmpClient {
    private final QmpMonitor monitor;
    private final Duration timeout;

    public QmpClient(QmpMonitor monitor, Duration timeout) {
        this.monitor = Objects.requireNonNull(monitor);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public QmpMonitor monitor() {
        return monitor;
    }

    public QmpStatus queryStatus() {
        JsonNode reply = run("query-status", null);
        return new QmpStatus(reply.path("running").asBoolean(), reply.path("status").asText("unknown"));
    }

    /** Pauses all vCPUs. */
    public void stop() {
        run("stop", null);
    }

    /** Resumes all vCPUs. */
    public void cont() {
        run("cont", null);
    }

    /** Presses the ACPI power button; the guest decides whether to shut down. */
    public void systemPowerdown() {
        run("system_powerdown", null);
    }

    /** Asks QEMU to exit now. QEMU may close the socket before its reply arrives; that counts as done. */
    public void quit() {
        try {
            run("quit", null);
        } catch (QmpDisconnected e) {
            // The socket closing is how QEMU says it is leaving.
        }
    }

    /** The node name at the top of the block device whose qdev id is {@code deviceId}. */
    public String topNode(String deviceId) {
        return inserted(deviceId).path("node-name").asText();
    }

    /** The file at the top of the block device whose qdev id is {@code deviceId}. */
    public String topFile(String deviceId) {
        return inserted(deviceId).path("file").asText();
    }

    private JsonNode inserted(String deviceId) {
        for (JsonNode dev : run("query-block", null)) {
            String qdev = dev.path("qdev").asText("");
            if (qdev.equals(deviceId) || qdev.startsWith("/machine/peripheral/" + deviceId + "/")) {
                JsonNode inserted = dev.path("inserted");
                if (inserted.hasNonNull("node-name")) {
                    return inserted;
                }
            }
        }
        throw new QmpError("query-block", "DeviceNotFound", "no block device " + deviceId);
    }

    /**
     * External snapshot: QEMU creates {@code file}, a qcow2 overlay on node {@code node}, and makes
     * it the device's new top under {@code newNode}. Atomic for the guest; it keeps running.
     */
    public void blockdevSnapshotSync(String node, String file, String newNode) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("node-name", node).put("snapshot-file", file)
                .put("snapshot-node-name", newNode).put("format", "qcow2").put("mode", "absolute-paths");
        run("blockdev-snapshot-sync", args);
    }

    /** The node name of the qcow2 node opened from {@code file}, or null when no node is. */
    public String nodeOf(String file) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("flat", true);
        for (JsonNode node : run("query-named-block-nodes", args)) {
            if (node.path("drv").asText().equals("qcow2") && node.path("file").asText().equals(file)) {
                return node.path("node-name").asText();
            }
        }
        return null;
    }

    /**
     * Starts job {@code jobId}: copies into node {@code node} the data it reads through its
     * backing chain above {@code baseNode} (null: the whole chain), then makes that its backing.
     * The job stays until dismissed so that its result can be read.
     */
    public void blockStream(String jobId, String node, String baseNode) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("job-id", jobId).put("device", node)
                .put("auto-dismiss", false);
        if (baseNode != null) {
            args.put("base-node", baseNode);
        }
        run("block-stream", args);
    }

    /** A job's status (created, running, ..., concluded) and error, or null when there is no such job. */
    public JobStatus queryJob(String jobId) {
        for (JsonNode job : run("query-jobs", null)) {
            if (job.path("id").asText().equals(jobId)) {
                return new JobStatus(job.path("status").asText(), job.path("error").asText(null),
                        job.path("current-progress").asLong(), job.path("total-progress").asLong());
            }
        }
        return null;
    }

    /** Removes a concluded job. */
    public void dismissJob(String jobId) {
        run("job-dismiss", JsonNodeFactory.instance.objectNode().put("id", jobId));
    }

    /** Asks a running job to stop; it then concludes with an error. */
    public void cancelJob(String jobId) {
        run("job-cancel", JsonNodeFactory.instance.objectNode().put("id", jobId));
    }

    /** Where a block job stands; progress is in bytes for block jobs. */
    public record JobStatus(String status, String error, long currentProgress, long totalProgress) {
        public boolean concluded() {
            return status.equals("concluded") || status.equals("null");
        }
    }

    /**
     * Opens a block node. {@code options} are QEMU's {@code -blockdev} keys, nested ones dotted
     * ({@code file.filename}); a null value is sent as JSON null ({@code backing: null}).
     */
    public void blockdevAdd(Map<String, Object> options) {
        run("blockdev-add", nest(options));
    }

    /** Closes a block node opened with blockdev-add or -blockdev; fails while a device or job uses it. */
    public void blockdevDel(String node) {
        run("blockdev-del", JsonNodeFactory.instance.objectNode().put("node-name", node));
    }

    /** Names of all block nodes. */
    public Set<String> nodeNames() {
        Set<String> names = new HashSet<>();
        for (JsonNode node : run("query-named-block-nodes", JsonNodeFactory.instance.objectNode().put("flat", true))) {
            names.add(node.path("node-name").asText());
        }
        return names;
    }

    /** Adds a device; {@code properties} as for {@code -device}, with {@code driver} among them. */
    public void deviceAdd(Map<String, Object> properties) {
        run("device_add", nest(properties));
    }

    /**
     * Asks for a device's removal. Hot-plugged PCI devices go only once the guest lets go, announced
     * by a DEVICE_DELETED event; QEMU's reply says nothing about that.
     */
    public void deviceDel(String id) {
        run("device_del", JsonNodeFactory.instance.objectNode().put("id", id));
    }

    /** Ids of the devices that have one (children of /machine/peripheral). */
    public Set<String> deviceIds() {
        Set<String> ids = new HashSet<>();
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("path", "/machine/peripheral");
        for (JsonNode child : run("qom-list", args)) {
            if (child.path("type").asText().startsWith("child<")) {
                ids.add(child.path("name").asText());
            }
        }
        return ids;
    }

    /** A QOM property's value, e.g. a device's {@code parent_bus} or {@code serial}. */
    public JsonNode qomGet(String path, String property) {
        return run("qom-get", JsonNodeFactory.instance.objectNode().put("path", path).put("property", property));
    }

    /** Grows (or shrinks) what the guest sees of node {@code node} to {@code size} bytes. */
    public void blockResize(String node, long size) {
        run("block_resize", JsonNodeFactory.instance.objectNode().put("node-name", node).put("size", size));
    }

    /** Internal snapshot {@code name} inside the qcow2 image that node {@code node} has open. */
    public void snapshotInternal(String node, String name) {
        run("blockdev-snapshot-internal-sync", JsonNodeFactory.instance.objectNode().put("device", node)
                .put("name", name));
    }

    public void deleteSnapshotInternal(String node, String name) {
        run("blockdev-snapshot-delete-internal-sync", JsonNodeFactory.instance.objectNode().put("device", node)
                .put("name", name));
    }

    /** The dirty bitmaps on node {@code node} (empty when there is no such node). */
    public List<DirtyBitmap> dirtyBitmaps(String node) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("flat", true);
        List<DirtyBitmap> bitmaps = new ArrayList<>();
        for (JsonNode n : run("query-named-block-nodes", args)) {
            if (n.path("node-name").asText().equals(node)) {
                for (JsonNode b : n.path("dirty-bitmaps")) {
                    bitmaps.add(new DirtyBitmap(b.path("name").asText(), b.path("persistent").asBoolean(),
                            b.path("inconsistent").asBoolean(), b.path("busy").asBoolean(), b.path("count").asLong()));
                }
            }
        }
        return bitmaps;
    }

    /** A dirty bitmap: {@code count} dirty bytes; an inconsistent one (not saved cleanly) cannot be used. */
    public record DirtyBitmap(String name, boolean persistent, boolean inconsistent, boolean busy, long count) {}

    public void removeDirtyBitmap(String node, String name) {
        run("block-dirty-bitmap-remove", JsonNodeFactory.instance.objectNode().put("node", node).put("name", name));
    }

    /** Runs {@code actions} atomically: all take effect or none does. */
    public void transaction(List<Action> actions) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        ArrayNode list = args.putArray("actions");
        for (Action a : actions) {
            list.addObject().put("type", a.type()).set("data", a.data());
        }
        run("transaction", args);
    }

    /** An action of {@link #transaction}. */
    public sealed interface Action {
        String type();

        ObjectNode data();
    }

    /** Adds a bitmap that records writes to {@code node} from now on (kept in the qcow2 file when persistent). */
    public record AddBitmap(String node, String name, boolean persistent) implements Action {
        @Override
        public String type() {
            return "block-dirty-bitmap-add";
        }

        @Override
        public ObjectNode data() {
            return JsonNodeFactory.instance.objectNode().put("node", node).put("name", name)
                    .put("persistent", persistent);
        }
    }

    /**
     * Starts job {@code jobId} copying node {@code device} to node {@code target}: {@code sync} is
     * full or incremental; {@code bitmap} (if not null) is cleared when the job succeeds and left as
     * it was when it fails (bitmap-mode on-success). The job stays until dismissed.
     */
    public record Backup(String jobId, String device, String target, String sync, String bitmap) implements Action {
        @Override
        public String type() {
            return "blockdev-backup";
        }

        @Override
        public ObjectNode data() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("job-id", jobId).put("device", device)
                    .put("target", target).put("sync", sync).put("auto-dismiss", false);
            if (bitmap != null) {
                o.put("bitmap", bitmap).put("bitmap-mode", "on-success");
            }
            return o;
        }
    }

    /** A human monitor command's output, e.g. {@code qemu-io -d DEVICE "write ..."} in tests. */
    public String humanMonitorCommand(String commandLine) {
        return run("human-monitor-command", JsonNodeFactory.instance.objectNode().put("command-line", commandLine))
                .asText();
    }

    /** {@code a.b=v} becomes {@code {"a": {"b": v}}}; strings, numbers, booleans and null are kept as such. */
    static ObjectNode nest(Map<String, Object> options) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String[] path = e.getKey().split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            String key = path[path.length - 1];
            switch (e.getValue()) {
                case null -> parent.putNull(key);
                case Boolean b -> parent.put(key, b);
                case Long l -> parent.put(key, l);
                case Integer i -> parent.put(key, i);
                default -> parent.put(key, e.getValue().toString());
            }
        }
        return root;
    }

    /** Starts an outgoing migration, e.g. to {@code exec:cat > FILE}. */
    public void migrate(String uri) {
        run("migrate", JsonNodeFactory.instance.objectNode().put("uri", uri));
    }

    /** With {@code -incoming defer}: starts the incoming migration, e.g. from {@code exec:cat FILE}. */
    public void migrateIncoming(String uri) {
        run("migrate-incoming", JsonNodeFactory.instance.objectNode().put("uri", uri));
    }

    /** Lifts the default bandwidth cap: a migration to a local file should go as fast as the disk. */
    public void unlimitMigrationBandwidth() {
        run("migrate-set-parameters", JsonNodeFactory.instance.objectNode().put("max-bandwidth", Long.MAX_VALUE / 2));
    }

    /** The migration's status (none, setup, active, completed, failed, ...) and its error, if any. */
    public MigrationStatus queryMigrate() {
        JsonNode r = run("query-migrate", null);
        return new MigrationStatus(r.path("status").asText("none"), r.path("error-desc").asText(null));
    }

    /** Where a migration stands. */
    public record MigrationStatus(String status, String error) {
        public boolean finished() {
            return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
        }
    }

    /** Escape hatch for commands without a typed method yet; returns the {@code return} member. */
    public JsonNode execute(String command, ObjectNode arguments) {
        return run(command, arguments);
    }

    private JsonNode run(String command, ObjectNode arguments) {
        return monitor.execute(command, arguments, timeout);
    }
}
