package dev.vireo.core.op;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs slow work on virtual threads and keeps the last finished operations for clients to read. */
public final class OperationManager {
    private static final Logger LOG = LoggerFactory.getLogger(OperationManager.class);
    private static final int KEEP_FINISHED = 500;

    /** The work of an operation; reports progress and throws on failure. */
    @FunctionalInterface
    public interface Work {
        void run(Progress progress) throws Exception;
    }

    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Clock clock;

    public OperationManager(Clock clock) {
        this.clock = clock;
    }

    public OperationView submit(String description, Map<String, String> resources, Work work) {
        Operation op = new Operation(UUID.randomUUID().toString(), description, resources, clock);
        synchronized (operations) {
            operations.put(op.id(), op);
            prune();
        }
        Thread.ofVirtual().name("op-" + op.id()).start(() -> run(op, work));
        return op.view();
    }

    private void run(Operation op, Work work) {
        try {
            work.run(op);
            op.succeed();
        } catch (VireoException e) {
            LOG.info("operation {} ({}) failed: {}", op.id(), op.view().description(), e.getMessage());
            op.fail(e.body());
        } catch (Exception | Error e) {
            LOG.error("operation {} ({}) failed", op.id(), op.view().description(), e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            op.fail(new VireoException(ErrorCode.INTERNAL, message).body());
        }
    }

    public OperationView get(String id) {
        return find(id).view();
    }

    public List<OperationView> list() {
        synchronized (operations) {
            return operations.values().stream().map(Operation::view)
                    .sorted(Comparator.comparing(OperationView::createdAt)).toList();
        }
    }

    /** Blocks until the operation is done or the timeout passes; returns its state either way. */
    public OperationView await(String id, Duration timeout) throws InterruptedException {
        Operation op = find(id);
        op.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return op.view();
    }

    private Operation find(String id) {
        synchronized (operations) {
            Operation op = operations.get(id);
            if (op == null) {
                throw VireoException.notFound("operation " + id);
            }
            return op;
        }
    }

    private void prune() {
        List<String> finished = new ArrayList<>();
        operations.forEach((id, op) -> {
            if (op.isDone()) {
                finished.add(id);
            }
        });
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            operations.remove(finished.get(i));
        }
    }
}
