package dev.vireo.guest;

/** One directory entry as debugfs {@code ls -p} prints it: {@code /ino/mode/uid/gid/name/size/}. */
record GuestEntry(String name, int mode, long uid, long gid) {
    private static final int TYPE_MASK = 0170000;

    boolean isDirectory() {
        return (mode & TYPE_MASK) == 0040000;
    }

    boolean isRegularFile() {
        return (mode & TYPE_MASK) == 0100000;
    }

    boolean isSymlink() {
        return (mode & TYPE_MASK) == 0120000;
    }

    boolean isDotOrDotDot() {
        return name.equals(".") || name.equals("..");
    }
}
