package dev.vireo.s3.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The S3 access keys: access key id to secret, persisted as a properties file of mode 0600,
 * rewritten atomically on every change. Thread-safe. Secrets never appear in
 * {@link #toString()}.
 */
public final class AccessKeys {
    private static final String ID_PREFIX = "VIR";
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int ID_LENGTH = 20;
    private static final int SECRET_BYTES = 30; // 40 base64url characters

    private final Path file;
    private final SecureRandom random;
    private final Map<String, String> secrets = new TreeMap<>();

    private AccessKeys(Path file, SecureRandom random) {
        this.file = file;
        this.random = random;
    }

    /** Opens the store at {@code file}, loading it if it exists; it is created on first change. */
    public static AccessKeys open(Path file) {
        AccessKeys keys = new AccessKeys(file, new SecureRandom());
        keys.load();
        return keys;
    }

    /** Creates, persists and returns a new key pair. */
    public synchronized AccessKeyPair create() {
        String id;
        do {
            id = newId();
        } while (secrets.containsKey(id));
        AccessKeyPair pair = new AccessKeyPair(id, newSecret());
        secrets.put(pair.accessKeyId(), pair.secret());
        save();
        return pair;
    }

    /**
     * Adds or replaces a key pair with a given id and secret, e.g. when importing keys.
     *
     * @return whether a key with that id already existed
     */
    public synchronized boolean put(AccessKeyPair pair) {
        boolean existed = secrets.put(pair.accessKeyId(), pair.secret()) != null;
        save();
        return existed;
    }

    /** The secret of an access key id, empty if unknown. */
    public synchronized Optional<String> secretOf(String accessKeyId) {
        return Optional.ofNullable(secrets.get(accessKeyId));
    }

    /**
     * Deletes an access key.
     *
     * @return whether the key existed
     */
    public synchronized boolean delete(String accessKeyId) {
        if (secrets.remove(accessKeyId) == null) {
            return false;
        }
        save();
        return true;
    }

    /** The access key ids, sorted. */
    public synchronized List<String> list() {
        return List.copyOf(secrets.keySet());
    }

    @Override
    public synchronized String toString() {
        return "AccessKeys[" + file + ", " + secrets.size() + " keys]";
    }

    private String newId() {
        StringBuilder id = new StringBuilder(ID_PREFIX);
        while (id.length() < ID_LENGTH) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read access keys " + file, e);
        }
        properties.stringPropertyNames().forEach(id -> secrets.put(id, properties.getProperty(id)));
    }

    /** Writes a 0600 temporary file next to the target, then renames it over the target. */
    private void save() {
        Properties properties = new Properties();
        properties.putAll(secrets);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp", ownerOnly());
            try {
                try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    properties.store(writer, "Vireo S3 access keys");
                }
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write access keys " + file, e);
        }
    }

    private void move(Path tmp) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
