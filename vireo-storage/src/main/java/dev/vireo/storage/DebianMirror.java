package dev.vireo.storage;

import java.util.List;
import java.util.Objects;

/** Where image builds fetch Debian packages: the main archive and the security archive. */
public record DebianMirror(String archive, String security) {
    public static final DebianMirror DEFAULT =
            new DebianMirror("http://deb.debian.org/debian", "http://deb.debian.org/debian-security");

    public DebianMirror {
        archive = checkUrl(archive);
        security = checkUrl(security);
    }

    /** One-line sources for {@code suite}: main, updates and security, component main. */
    List<String> sources(String suite) {
        return List.of("deb " + archive + " " + suite + " main", "deb " + archive + " " + suite + "-updates main",
                "deb " + security + " " + suite + "-security main");
    }

    private static String checkUrl(String url) {
        Objects.requireNonNull(url);
        if (!url.matches("(https?|file):/\\S+")) {
            throw new IllegalArgumentException("mirror must be an http(s) or file URL: " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
