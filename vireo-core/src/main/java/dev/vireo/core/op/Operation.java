package dev.vireo.core.op;

import dev.vireo.api.ErrorBody;
import dev.vireo.api.OperationView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One piece of slow work; thread-safe. Finished exactly once, with success or an error. */
final class Operation implements Progress {
    private final String id;
    private final String description;
    private final Map<String, String> resources;
    private final Instant createdAt;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String status = "running";
    private volatile double progress;
    private volatile String progressText = "";
    private volatile ErrorBody error;
    private volatile Instant updatedAt;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    Operation(String id, String description, Map<String, String> resources, Clock clock) {
        this.id = id;
        this.description = description;
        this.resources = Map.copyOf(resources);
        this.clock = clock;
        this.createdAt = clock.instant();
        this.updatedAt = createdAt;
    }

    String id() {
        return id;
    }

    @Override
    public void update(double fraction, String text) {
        progress = fraction;
        progressText = text == null ? "" : text;
        updatedAt = clock.instant();
    }

    @Override
    public void warn(String warning) {
        warnings.add(warning);
        updatedAt = clock.instant();
    }

    void succeed() {
        progress = 1.0;
        finish("success", null);
    }

    void fail(ErrorBody body) {
        finish("failure", body);
    }

    private void finish(String newStatus, ErrorBody body) {
        error = body;
        status = newStatus;
        updatedAt = clock.instant();
        done.countDown();
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    OperationView view() {
        return new OperationView(id, description, status, progress, progressText, resources, error, createdAt,
                updatedAt, List.copyOf(warnings));
    }
}
