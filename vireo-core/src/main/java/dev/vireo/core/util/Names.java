package dev.vireo.core.util;

import dev.vireo.api.VireoException;
import java.util.regex.Pattern;

/** Names users choose: instance names are DNS labels (RFC 1123), aliases may add '/', '.', '_'. */
public final class Names {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62})(/[a-z0-9]([a-z0-9._-]{0,62}))*");

    private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Names() {}

    public static String instance(String name) {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw VireoException.invalid("invalid instance name '" + name
                    + "': use 1-63 lowercase letters, digits and '-', not starting or ending with '-'");
        }
        return name;
    }

    private static final Pattern VOLUME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?");

    /** Volume names: 1-20 lowercase letters, digits and '-' (a guest sees the name as the disk's serial). */
    public static String volume(String name) {
        if (name == null || !VOLUME.matcher(name).matches()) {
            throw VireoException.invalid("invalid volume name '" + name
                    + "': use 1-20 lowercase letters, digits and '-', not starting or ending with '-'");
        }
        return name;
    }

    /** Pool names follow the rules for instance names. */
    public static String pool(String name) {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw VireoException.invalid("invalid pool name '" + name
                    + "': use 1-63 lowercase letters, digits and '-', not starting or ending with '-'");
        }
        return name;
    }

    /** Snapshot names: letters, digits, '.', '_', '-', starting with a letter or digit, up to 63. */
    public static String snapshot(String name) {
        if (name == null || !SNAPSHOT.matcher(name).matches()) {
            throw VireoException.invalid("invalid snapshot name '" + name
                    + "': use 1-63 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    public static String alias(String alias) {
        if (alias == null || alias.length() > 128 || !ALIAS.matcher(alias).matches() || alias.contains("..")) {
            throw VireoException.invalid("invalid image alias '" + alias
                    + "': use lowercase letters, digits, '.', '_', '-' and '/' between parts");
        }
        return alias;
    }
}
