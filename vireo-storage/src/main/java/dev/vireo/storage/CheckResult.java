package dev.vireo.storage;

/**
 * What {@code qemu-img check} found. Leaked clusters only waste space; corruptions and check
 * errors mean the image cannot be trusted.
 */
public record CheckResult(int exitCode, long corruptions, long leaks, long checkErrors) {
    public CheckResult {
        if (corruptions < 0 || leaks < 0 || checkErrors < 0) {
            throw new IllegalArgumentException("negative counts");
        }
    }

    public boolean usable() {
        return (exitCode == 0 || exitCode == 3) && corruptions == 0 && checkErrors == 0;
    }
}
