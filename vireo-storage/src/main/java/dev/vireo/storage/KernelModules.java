package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds kernel modules and their dependencies in an unpacked kernel package, without depmod
 * (the package ships no modules.dep): each .ko names its dependencies in a {@code depends=} entry
 * of its .modinfo section.
 */
final class KernelModules {
    private static final byte[] DEPENDS = "\0depends=".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Path> files;
    private final Set<String> builtin;

    private KernelModules(Map<String, Path> files, Set<String> builtin) {
        this.files = files;
        this.builtin = builtin;
    }

    /** Indexes {@code lib/modules/<version>}: its .ko files and modules.builtin. */
    static KernelModules scan(Path moduleDir) throws IOException {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".ko"))
                    .forEach(p -> files.put(nameOf(p.getFileName().toString()), p));
        }
        Set<String> builtin = new HashSet<>();
        Path list = moduleDir.resolve("modules.builtin");
        if (Files.isRegularFile(list)) {
            for (String line : Files.readAllLines(list)) {
                if (!line.isBlank()) {
                    builtin.add(nameOf(Path.of(line.strip()).getFileName().toString()));
                }
            }
        }
        return new KernelModules(files, builtin);
    }

    /** Module files to load, dependencies first; built-in modules are left out. */
    List<Path> loadOrder(List<String> wanted) throws IOException {
        LinkedHashMap<String, Path> order = new LinkedHashMap<>();
        for (String name : wanted) {
            visit(nameOf(name), order, new HashSet<>());
        }
        return new ArrayList<>(order.values());
    }

    private void visit(String name, LinkedHashMap<String, Path> order, Set<String> path) throws IOException {
        if (order.containsKey(name) || builtin.contains(name)) {
            return;
        }
        Path file = files.get(name);
        if (file == null) {
            throw new VireoException(ErrorCode.INTERNAL, "kernel module " + name + " is neither built in nor shipped");
        }
        if (!path.add(name)) {
            throw new VireoException(ErrorCode.INTERNAL, "kernel modules depend on each other in a cycle at " + name);
        }
        for (String dep : depends(Files.readAllBytes(file))) {
            visit(nameOf(dep), order, path);
        }
        path.remove(name);
        order.put(name, file);
    }

    /** The comma-separated {@code depends=} value of a module's .modinfo, empty when none. */
    static List<String> depends(byte[] ko) {
        int at = indexOf(ko, DEPENDS);
        if (at < 0) {
            return List.of();
        }
        int start = at + DEPENDS.length;
        int end = start;
        while (end < ko.length && ko[end] != 0) {
            end++;
        }
        String value = new String(ko, start, end - start, StandardCharsets.US_ASCII);
        return Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).toList();
    }

    /** Module names treat '-' and '_' alike, as the kernel does. */
    static String nameOf(String file) {
        String base = file.endsWith(".ko") ? file.substring(0, file.length() - 3) : file;
        return base.replace('-', '_');
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
