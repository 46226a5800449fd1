package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Copies an image source (host path, file: URI or http(s) URL) to a file, hashing it on the way. */
final class SourceFetcher {
    private static final Pattern OTHER_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    /** The copied file, the SHA-256 (hex) of its bytes and its size. */
    record Fetched(Path file, String sha256, long size) {
        Fetched {
            Objects.requireNonNull(file);
            Objects.requireNonNull(sha256);
        }
    }

    private final HttpClient http;

    SourceFetcher(HttpClient http) {
        this.http = Objects.requireNonNull(http);
    }

    static SourceFetcher withDefaultClient() {
        return new SourceFetcher(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build());
    }

    Fetched fetch(String source, Path target, Progress progress) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return download(source, target, progress);
        }
        if (OTHER_SCHEME.matcher(source).matches() && !lowerStartsWith(source, "file:")) {
            throw VireoException.invalid("unsupported image source " + source + ": give a file path or an http(s) URL");
        }
        return copyFile(source, hostPath(source), target, progress);
    }

    private static Path hostPath(String source) {
        try {
            return lowerStartsWith(source, "file:") ? Path.of(URI.create(source)) : Path.of(source).toAbsolutePath();
        } catch (IllegalArgumentException e) { // includes InvalidPathException
            throw VireoException.invalid("invalid image source '" + source + "': " + e.getMessage());
        }
    }

    private static boolean lowerStartsWith(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static Fetched copyFile(String source, Path file, Path target, Progress progress) {
        if (!Files.exists(file)) {
            throw VireoException.notFound("image source " + source);
        }
        if (!Files.isRegularFile(file)) {
            throw VireoException.invalid("image source " + source + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, Files.size(file), target, progress, "copying");
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "copy of " + source + " was interrupted", e);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INVALID_ARGUMENT, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private Fetched download(String url, Path target, Progress progress) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
        } catch (IllegalArgumentException e) {
            throw VireoException.invalid("invalid image URL '" + url + "': " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 404 || status == 410) {
                    throw VireoException.notFound("image source " + url + " (HTTP " + status + ")");
                }
                if (status != 200) {
                    throw new VireoException(ErrorCode.UNAVAILABLE, "cannot download " + url + ": HTTP " + status);
                }
                long length = response.headers().firstValueAsLong("content-length").orElse(-1);
                return copy(body, length, target, progress, "downloading");
            }
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "download of " + url + " was interrupted", e);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    private static Fetched copy(InputStream in, long total, Path target, Progress progress, String verb)
            throws IOException {
        MessageDigest digest = Trees.newSha256();
        byte[] buffer = new byte[1 << 20];
        long done = 0;
        long reported = -1;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(verb + " interrupted");
                }
                digest.update(buffer, 0, n);
                write(out, buffer, n, target);
                done += n;
                reported = report(progress, verb, done, total, reported);
            }
        }
        if (total >= 0 && done != total) {
            throw new IOException("got " + done + " of " + total + " bytes");
        }
        progress.update(1.0, verb + " done (" + Sizes.format(done) + ")");
        return new Fetched(target, HexFormat.of().formatHex(digest.digest()), done);
    }

    /** Write errors (a full disk) are ours, not the source's: say so. */
    private static void write(OutputStream out, byte[] buffer, int n, Path target) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reports each whole percent (or each 64 MiB when the size is unknown); returns the step reported. */
    private static long report(Progress progress, String verb, long done, long total, long reported) {
        long step = total > 0 ? done * 100 / total : done >> 26;
        if (step != reported) {
            progress.update(total > 0 ? (double) done / total : -1, verb + " " + Sizes.format(done)
                    + (total > 0 ? " of " + Sizes.format(total) : ""));
        }
        return step;
    }
}
