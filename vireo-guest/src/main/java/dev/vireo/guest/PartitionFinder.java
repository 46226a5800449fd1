package dev.vireo.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the guest's root filesystem on a raw disk: the whole disk when it is ext2/3/4, else the
 * first ext2/3/4 partition (MBR or GPT, read by sfdisk) that holds a real /etc directory.
 */
final class PartitionFinder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d{1,4})$");

    /** A partition: where it starts, in bytes, and its number (0 for a disk without a partition table). */
    record Partition(int number, long offset) {
        String describe() {
            return number == 0 ? "the disk" : "partition " + number;
        }
    }

    /** The filesystem found (with whether its journal needs replaying), or why none was. */
    record Result(Optional<Ext4Fs> fs, boolean needsRecovery, String where, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    private final Exec exec;
    private final DebugfsGuestEditor.Tools tools;
    private final Path raw;
    private final Path scratch;

    PartitionFinder(Exec exec, DebugfsGuestEditor.Tools tools, Path raw, Path scratch) {
        this.exec = exec;
        this.tools = tools;
        this.raw = raw;
        this.scratch = scratch;
    }

    Result find() {
        List<String> problems = new ArrayList<>();
        for (Partition p : candidates()) {
            ExtSuperblock sb = superblock(p.offset());
            if (!sb.isExt()) {
                continue;
            }
            Ext4Fs fs = new Ext4Fs(exec, tools.debugfs(), tools.e2fsck(), raw, p.offset(), scratch);
            Optional<String> error = fs.openError();
            if (error.isPresent()) {
                problems.add("cannot read the ext filesystem on " + p.describe() + ": " + error.get());
            } else if (fs.lookup("/etc").filter(GuestEntry::isDirectory).isPresent()) {
                return new Result(Optional.of(fs), sb.needsRecovery(), p.describe(), problems);
            }
        }
        return new Result(Optional.empty(), false, "", problems);
    }

    private List<Partition> candidates() {
        if (superblock(0).isExt()) {
            return List.of(new Partition(0, 0));
        }
        Exec.Result r = exec.run(List.of(tools.sfdisk(), "--json", raw.toString()));
        return r.exitCode() == 0 ? parseSfdisk(r.out()) : List.of(); // no partition table: a blank or foreign disk
    }

    private ExtSuperblock superblock(long offset) {
        try {
            return ExtSuperblock.read(raw, offset);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read the exported disk: " + e.getMessage(), e);
        }
    }

    /** The partitions of {@code sfdisk --json}, in table order. */
    static List<Partition> parseSfdisk(String json) {
        try {
            JsonNode table = JSON.readTree(json).path("partitiontable");
            long sectorSize = table.path("sectorsize").asLong(512);
            List<Partition> result = new ArrayList<>();
            int index = 0;
            for (JsonNode p : table.path("partitions")) {
                index++;
                Matcher m = TRAILING_NUMBER.matcher(p.path("node").asText(""));
                int number = m.find() ? Integer.parseInt(m.group(1)) : index;
                result.add(new Partition(number, p.path("start").asLong() * sectorSize));
            }
            return result;
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "sfdisk printed unreadable output: " + e.getMessage(), e);
        }
    }
}
