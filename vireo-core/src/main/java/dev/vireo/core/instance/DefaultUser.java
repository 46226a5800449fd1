package dev.vireo.core.instance;

/** The login user cloud-init creates for an image's distribution. */
final class DefaultUser {
    private DefaultUser() {}

    static String of(String imageAlias) {
        if (imageAlias.startsWith("ubuntu")) {
            return "ubuntu";
        }
        if (imageAlias.equals("tiny")) {
            return "root";
        }
        return "debian";
    }
}
