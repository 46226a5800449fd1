package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

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
                return new JobStatus(job.path("status").asText(), job.path("error").asText(null));
            }
        }
        return null;
    }

    /** Removes a concluded job. */
    public void dismissJob(String jobId) {
        run("job-dismiss", JsonNodeFactory.instance.objectNode().put("id", jobId));
    }

    /** Where a block job stands. */
    public record JobStatus(String status, String error) {
        public boolean concluded() {
            return status.equals("concluded") || status.equals("null");
        }
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
