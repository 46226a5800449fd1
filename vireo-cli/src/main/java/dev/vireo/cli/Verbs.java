package dev.vireo.cli;

import java.util.List;
import picocli.CommandLine.HelpCommand;

/**
 * The top-level verbs, in help order. A plain switch rather than annotation subcommands or a
 * map of constructor references, so that running one verb creates (and reflects over) only it.
 */
final class Verbs {
    static final List<String> NAMES = List.of("launch", "create", "start", "stop", "restart", "pause", "resume",
            "delete", "list", "info", "set", "exec", "shell", "console", "snapshot", "clone", "publish", "export", "import",
            "backup", "volume", "storage", "network", "secgroup", "image", "s3", "host", "operation", "events",
            "help");

    private Verbs() {}

    /** A new command object for the verb, or null if there is no such verb. */
    static Object create(String name) {
        return switch (name) {
            case "launch" -> new LaunchCommand();
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            case "pause" -> new PauseCommand();
            case "resume" -> new ResumeCommand();
            case "delete" -> new DeleteCommand();
            case "list" -> new ListCommand();
            case "info" -> new InfoCommand();
            case "set" -> new SetCommand();
            case "exec" -> new ExecCommand();
            case "shell" -> new ShellCommand();
            case "console" -> new ConsoleCommand();
            case "snapshot" -> new SnapshotCommand();
            case "clone" -> new CloneCommand();
            case "publish" -> new PublishCommand();
            case "export" -> new ExportCommand();
            case "import" -> new ImportCommand();
            case "backup" -> new BackupCommand();
            case "volume" -> new VolumeCommand();
            case "storage" -> new StorageCommand();
            case "network" -> new NetworkCommand();
            case "secgroup" -> new SecurityGroupCommand();
            case "image" -> new ImageCommand();
            case "s3" -> new S3Command();
            case "host" -> new HostCommand();
            case "operation" -> new OperationCommand();
            case "events" -> new EventsCommand();
            case "help" -> new HelpCommand();
            default -> null;
        };
    }
}
