package dev.vireo.qemu;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.InstanceDriver.BackupResult;
import dev.vireo.qemu.qmp.QmpClient;
import dev.vireo.qemu.qmp.QmpClient.Action;
import dev.vireo.qemu.qmp.QmpClient.DirtyBitmap;
import dev.vireo.qemu.qmp.QmpClient.JobStatus;
import dev.vireo.qemu.qmp.QmpEventWait;
import dev.vireo.qemu.qmp.QmpException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up the root disk of a running VM with a blockdev-backup job. Change tracking is a persistent
 * dirty bitmap on the disk's top node: a full backup starts it (atomically with the job), each
 * successful backup clears it, a failed one leaves it as it was.
 */
final class QemuBackup {
    private static final Logger LOG = LoggerFactory.getLogger(QemuBackup.class);

    static final String BITMAP = "vireo-backup";
    static final String JOB = "vireo-backup";
    static final String TARGET_NODE = "vireo-backup-target";
    /** Between looks at the job when its completion event does not come (e.g. it went to another connection). */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final String instance;
    private final QmpClient client;

    QemuBackup(String instance, QmpClient client) {
        this.instance = instance;
        this.client = client;
    }

    BackupResult run(Path target, boolean incremental, Duration timeout) {
        String top = client.topNode(QemuConfig.ROOT_DISK_DEVICE);
        clearLeftovers();
        Optional<DirtyBitmap> bitmap = client.dirtyBitmaps(top).stream().filter(b -> b.name().equals(BITMAP))
                .findFirst();
        boolean tracking = bitmap.isPresent() && !bitmap.get().inconsistent();
        List<Action> actions = new ArrayList<>();
        if (incremental && !tracking) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + instance + ": no change tracking since "
                    + "the last full backup (a disk snapshot or an unclean stop ends it); take a full backup");
        }
        if (!tracking) {
            if (bitmap.isPresent()) {
                // Useless anyway; and a transaction cannot remove and re-add one name (the add sees it still there).
                client.removeDirtyBitmap(top, BITMAP);
            }
            actions.add(new QmpClient.AddBitmap(top, BITMAP, true));
        }
        actions.add(new QmpClient.Backup(JOB, top, TARGET_NODE, incremental ? "incremental" : "full", BITMAP));
        client.blockdevAdd(targetOptions(target));
        try {
            long t0 = System.nanoTime();
            JobStatus done = runJob(actions, timeout);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (done.error() != null) {
                if (!tracking) {
                    // Tracking that began with a failed full backup would vouch for a backup that does not exist.
                    client.removeDirtyBitmap(top, BITMAP);
                }
                throw new VireoException(ErrorCode.INTERNAL, "instance " + instance + ": backup to "
                        + target.getFileName() + " failed: " + done.error());
            }
            LOG.info("{}: {} backup to {}: {} bytes in {} ms", instance, incremental ? "incremental" : "full",
                    target.getFileName(), done.currentProgress(), ms);
            return new BackupResult(done.currentProgress(), ms);
        } finally {
            closeTarget();
        }
    }

    /** The target as an image of its own: its backing chain (earlier backups) is not opened. */
    private static Map<String, Object> targetOptions(Path target) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("driver", "qcow2");
        o.put("node-name", TARGET_NODE);
        o.put("file.driver", "file");
        o.put("file.filename", target.toAbsolutePath().toString());
        o.put("backing", null);
        return o;
    }

    /** Starts the job and returns it concluded (dismissed); cancels it when {@code timeout} passes. */
    private JobStatus runJob(List<Action> actions, Duration timeout) {
        try (QmpEventWait concluded = client.monitor().expect("JOB_STATUS_CHANGE",
                e -> e.data().path("id").asText().equals(JOB) && e.data().path("status").asText().equals("concluded"))) {
            client.transaction(actions);
            long deadline = System.nanoTime() + timeout.toNanos();
            JobStatus job = client.queryJob(JOB);
            while (job != null && !job.concluded()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    client.cancelJob(JOB);
                    Poll.until(() -> concludedOrGone(client.queryJob(JOB)), CHECK_EVERY);
                    dismiss();
                    throw new VireoException(ErrorCode.TIMEOUT, "instance " + instance + ": backup did not finish in "
                            + timeout.toMinutes() + " min; cancelled");
                }
                concluded.await(Duration.ofNanos(Math.min(left, CHECK_EVERY.toNanos())));
                job = client.queryJob(JOB);
            }
            if (job == null) {
                throw new VireoException(ErrorCode.INTERNAL, "instance " + instance + ": backup job vanished");
            }
            dismiss();
            return job;
        }
    }

    private static boolean concludedOrGone(JobStatus job) {
        return job == null || job.concluded();
    }

    /** A backup interrupted by a daemon crash leaves its job and target node; a running one is not ours to touch. */
    private void clearLeftovers() {
        JobStatus job = client.queryJob(JOB);
        if (job != null && !job.concluded()) {
            throw new VireoException(ErrorCode.BUSY, "instance " + instance + ": a backup is already running");
        }
        if (job != null) {
            client.dismissJob(JOB);
        }
        if (client.nodeNames().contains(TARGET_NODE)) {
            client.blockdevDel(TARGET_NODE);
        }
    }

    private void dismiss() {
        JobStatus job = client.queryJob(JOB);
        if (job != null && job.concluded()) {
            client.dismissJob(JOB);
        }
    }

    private void closeTarget() {
        try {
            client.blockdevDel(TARGET_NODE);
        } catch (QmpException e) {
            LOG.warn("{}: cannot close backup target node: {}", instance, e.getMessage());
        }
    }
}
