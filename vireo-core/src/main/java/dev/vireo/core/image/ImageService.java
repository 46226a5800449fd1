package dev.vireo.core.image;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.op.OperationManager;
import dev.vireo.core.op.Progress;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Images: which exist (StateStore), their files (ImageStore), and who uses them. */
public final class ImageService {
    private final StateStore state;
    private final ImageStore store;
    private final OperationManager operations;
    private final EventBus events;
    private final ConcurrentHashMap<String, ReentrantLock> aliasLocks = new ConcurrentHashMap<>();

    public ImageService(StateStore state, ImageStore store, OperationManager operations, EventBus events) {
        this.state = state;
        this.store = store;
        this.operations = operations;
        this.events = events;
    }

    public List<Image> list() {
        return state.listImages();
    }

    public Image get(String alias) {
        return state.findImage(alias).orElseThrow(() -> VireoException.notFound("image " + alias));
    }

    /** True when the alias exists or names a recipe that can be built on first use. */
    public boolean available(String alias) {
        return state.findImage(alias).isPresent() || store.recipes().contains(alias);
    }

    public List<String> usedBy(Image image) {
        return state.listInstances().stream()
                .filter(i -> image.fingerprint().equals(i.imageFingerprint())
                        || (i.profile() == null && image.alias().equals(i.image())))
                .map(Instance::name).toList();
    }

    public OperationView importDisk(String source, String alias, String sha256) {
        Names.alias(alias);
        if (source == null || source.isBlank()) {
            throw VireoException.invalid("image source is empty: give a file path or an http(s) URL");
        }
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw VireoException.invalid("invalid sha256 '" + sha256 + "': expected 64 hex digits");
        }
        refuseExisting(alias);
        return operations.submit("import image " + alias, Map.of("image", alias),
                progress -> withAliasLock(alias, () -> {
                    refuseExisting(alias);
                    Image image = store.importDisk(source, alias, sha256, progress);
                    record(image);
                    return image;
                }));
    }

    public boolean exists(String alias) {
        return state.findImage(alias).isPresent();
    }

    /** Takes a prepared standalone disk (moved) into the store as template image {@code alias}. */
    public Image adopt(String alias, Path disk, GuestProfile profile, String source, Progress progress) {
        Names.alias(alias);
        return withAliasLock(alias, () -> {
            refuseExisting(alias);
            Image image = store.adopt(alias, disk, profile, source, progress);
            record(image);
            return image;
        });
    }

    public OperationView build(String recipe, boolean rebuild) {
        requireRecipe(recipe);
        return operations.submit("build image " + recipe, Map.of("image", recipe),
                progress -> resolve(recipe, rebuild, progress));
    }

    /** The image for a launch: the stored one, or the recipe built now on first use. */
    public Image resolve(String alias, boolean rebuild, Progress progress) {
        return withAliasLock(alias, () -> {
            var existing = state.findImage(alias);
            if (existing.isPresent() && !rebuild) {
                return existing.get();
            }
            requireRecipe(alias);
            if (existing.isPresent()) {
                removeUnused(existing.get());
            }
            Image image = store.build(alias, rebuild, progress);
            record(image);
            return image;
        });
    }

    public void delete(String alias) {
        withAliasLock(alias, () -> {
            removeUnused(get(alias));
            return null;
        });
    }

    private void removeUnused(Image image) {
        List<String> users = usedBy(image);
        if (!users.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "image " + image.alias() + " is used by instance"
                    + (users.size() > 1 ? "s " : " ") + String.join(", ", users));
        }
        state.deleteImage(image.alias());
        if (state.listImages().stream().noneMatch(i -> i.fingerprint().equals(image.fingerprint()))) {
            store.delete(image);
        }
        events.publish("image-deleted", image.alias(), null, null);
    }

    private void record(Image image) {
        try (Reverter reverter = new Reverter()) {
            reverter.add(() -> store.delete(image));
            state.insertImage(image);
            reverter.success();
        }
        events.publish("image-created", image.alias(), null, image.fingerprint());
    }

    private void refuseExisting(String alias) {
        if (state.findImage(alias).isPresent()) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "image " + alias + " already exists");
        }
    }

    private void requireRecipe(String recipe) {
        if (!store.recipes().contains(recipe)) {
            throw VireoException.invalid("unknown image recipe '" + recipe + "' (known: "
                    + String.join(", ", store.recipes()) + ")");
        }
    }

    private <T> T withAliasLock(String alias, java.util.function.Supplier<T> body) {
        ReentrantLock lock = aliasLocks.computeIfAbsent(alias, a -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
