package dev.vireo.cli;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting. ssh hands the remote command to the login shell as one string, so each
 * argument is quoted for argv to arrive intact: {@code it's} becomes {@code 'it'"'"'s'}.
 */
final class ShellQuote {
    // No '=' (a leading NAME=value would turn into an assignment) and no '~' (tilde expansion).
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+:,./-]+");

    private ShellQuote() {}

    static String quote(String arg) {
        if (arg.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\"'\"'") + "'";
    }

    static String join(List<String> args) {
        return args.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
