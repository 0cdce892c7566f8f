package dev.parley.client.state;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user state directory of the client (default {@code ~/.parley}): configuration, tokens and, as the
 * client grows, keys and the local store.
 *
 * <p>Invariants on POSIX file systems: the directory is owner-only ({@code rwx------}) once
 * {@link #ensureExists()} or any write has run, even if it existed with wider permissions before; every
 * file written through {@link #write} is created owner-only ({@code rw-------}) before any byte is in it,
 * and replaces the previous version atomically, so a crash leaves either the old or the new file, never
 * half of one. On other file systems the same calls work without permission bits.
 */
public final class StateDirectory {

    /** The environment variable that moves the state directory. */
    public static final String HOME_ENV = "PARLEY_HOME";

    public static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Where the state lives: the {@code --state-dir} option if given, else {@code $PARLEY_HOME} if set,
     * else {@code .parley} in the user's home directory.
     */
    public static StateDirectory locate(Path option, Map<String, String> environment) {
        if (option != null) {
            return new StateDirectory(option);
        }
        String home = environment.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return new StateDirectory(Path.of(home));
        }
        return new StateDirectory(Path.of(System.getProperty("user.home"), ".parley"));
    }

    public Path root() {
        return root;
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    /** Creates the directory (and missing parents) owner-only, and makes an existing one owner-only. */
    public void ensureExists() throws IOException {
        if (POSIX) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
            Files.setPosixFilePermissions(root, DIRECTORY_PERMISSIONS);
        } else {
            Files.createDirectories(root);
        }
    }

    /** The content of a file of the state directory, or empty if there is no such file. */
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes a file owner-only and atomically (see the class invariants). */
    public void write(String name, byte[] content) throws IOException {
        ensureExists();
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(root, "." + name, ".tmp", attributes);
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes a file of the state directory; true if it existed. */
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(file(name));
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
