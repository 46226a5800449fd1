package dev.vireo.cli;

import dev.vireo.api.S3Key;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "key", description = "Access keys of the S3 endpoint: AWS Signature V4 credentials.",
        subcommands = {S3KeyCommand.Create.class, S3KeyCommand.ListKeys.class, S3KeyCommand.Delete.class,
            HelpCommand.class})
final class S3KeyCommand extends VerbGroup {

    @Command(name = "create", description = {"Make an access key; the secret is shown this once.",
        "Use them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with --endpoint-url http://127.0.0.1:PORT."},
            footer = {"", "Example:", "  vireo s3 key create --json"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            S3Key key = client.connect().createS3Key();
            PrintWriter out = spec.commandLine().getOut();
            if (!json.print(out, key)) {
                out.println("access key id: " + key.accessKeyId());
                out.println("secret: " + key.secret());
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List access key ids (secrets are never shown again).",
            footer = {"", "Example:", "  vireo s3 key list"})
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOption json;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            java.util.List<S3Key> keys = client.connect().s3Keys();
            PrintWriter out = spec.commandLine().getOut();
            if (!json.print(out, keys)) {
                keys.forEach(k -> out.println(k.accessKeyId()));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an access key; requests signed with it are refused from now on.",
            footer = {"", "Example:", "  vireo s3 key delete VIRABCDEFGHIJKLMNOPQ"})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Access key id.")
        String id;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            client.connect().deleteS3Key(id);
            spec.commandLine().getOut().println("Deleted access key " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
