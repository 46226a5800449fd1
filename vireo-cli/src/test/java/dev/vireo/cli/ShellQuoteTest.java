package dev.vireo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.SshAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    @Test
    void leavesPlainWordsAlone() {
        assertThat(ShellQuote.quote("ls")).isEqualTo("ls");
        assertThat(ShellQuote.quote("/var/log/syslog")).isEqualTo("/var/log/syslog");
        assertThat(ShellQuote.quote("-la")).isEqualTo("-la");
    }

    @Test
    void quotesEverythingTheShellWouldInterpret() {
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(ShellQuote.quote("a b")).isEqualTo("'a b'");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(ShellQuote.quote("$HOME")).isEqualTo("'$HOME'");
        assertThat(ShellQuote.quote("FOO=bar")).isEqualTo("'FOO=bar'");
        assertThat(ShellQuote.quote("~")).isEqualTo("'~'");
    }

    /** The real check: a POSIX shell splits the joined string back into exactly the same argv. */
    @Test
    void argvSurvivesAShell() throws Exception {
        List<String> args = List.of("printf", "[%s]\\n", "", "a b", "it's", "\"q\"", "$HOME", "`id`", "a;b|c&d",
                "*", "new\nline", "back\\slash", "FOO=bar", "~", "é", "!x", "#no-comment");
        List<String> sh = new ArrayList<>(List.of("sh", "-c", ShellQuote.join(args)));
        Process p = new ProcessBuilder(sh).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        StringBuilder expected = new StringBuilder();
        for (String arg : args.subList(2, args.size())) {
            expected.append('[').append(arg).append("]\n");
        }
        assertThat(out).isEqualTo(expected.toString());
    }

    @Test
    void sshArgvUsesTheDaemonsKeyAndOneQuotedCommand() {
        SshAccess access = new SshAccess("127.0.0.1", 40123, "debian", "/var/lib/vireo/ssh/id_ed25519");

        assertThat(SshInvocation.argv(access, false, List.of("echo", "a b"))).containsExactly("ssh",
                "-i", "/var/lib/vireo/ssh/id_ed25519", "-p", "40123",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "--", "debian@127.0.0.1", "echo 'a b'");
        assertThat(SshInvocation.argv(access, true, List.of())).contains("-t").endsWith("--", "debian@127.0.0.1");
    }
}
