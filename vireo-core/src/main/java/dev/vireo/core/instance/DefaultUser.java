package dev.vireo.core.instance;

/** The login user cloud-init creates for an image's distribution. */
public final class DefaultUser {
    private DefaultUser() {}

    public static String of(String imageAlias) {
        if (imageAlias.startsWith("ubuntu")) {
            return "ubuntu";
        }
        if (imageAlias.equals("tiny")) {
            return "root";
        }
        return "debian";
    }
}
