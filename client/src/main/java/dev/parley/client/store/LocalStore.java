package dev.parley.client.store;

import dev.parley.client.state.StateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The client's local-first store: an embedded H2 database file ({@code store.mv.db}) in the state directory,
 * owner-only, with a versioned schema ({@code schema_version}; scripts {@code V<n>__*.sql} beside this class,
 * applied in order, each in one transaction).
 *
 * <p>One process at a time: a second process waits up to {@link #LOCK_WAIT_MILLIS} for the file and then fails
 * with a clear {@link LocalStoreException}. Methods are synchronized; every write is one transaction.
 */
public final class LocalStore implements AutoCloseable {

    /** The database's base name; H2 adds {@code .mv.db}. */
    public static final String NAME = "store";
    /** The schema scripts, in order. */
    static final List<String> MIGRATIONS = List.of("V1__initial.sql", "V2__conversations.sql");
    static final long LOCK_WAIT_MILLIS = 10_000;

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** H2's "database may be already in use" error. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    private final Connection connection;

    private LocalStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens (and creates or upgrades) the store of a state directory. */
    public static LocalStore open(StateDirectory state) {
        try {
            state.ensureExists();
            Path file = state.file(NAME + ".mv.db");
            if (POSIX && !Files.exists(file)) {
                // H2 creates its file with the process umask; an empty file made owner-only first is taken as a new store.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(StateDirectory.FILE_PERMISSIONS));
            }
            LocalStore store = new LocalStore(connect(state.file(NAME)));
            restrict(state);
            store.migrate();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local store in " + state + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path base) {
        String url = "jdbc:h2:file:" + base + ";TRACE_LEVEL_FILE=0";
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            try {
                return DriverManager.getConnection(url, "parley", "");
            } catch (SQLException e) {
                if (e.getErrorCode() != DATABASE_ALREADY_OPEN) {
                    throw new LocalStoreException("the local store " + base + ".mv.db cannot be opened: " + e.getMessage(), e);
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new LocalStoreException("the local store " + base + ".mv.db is in use by another parley process "
                            + "(for example 'parley listen'); stop it or wait for it to finish", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new LocalStoreException("interrupted while waiting for the local store", interrupted);
                }
            }
        }
    }

    /** Makes every file of the store owner-only (H2 may create side files with the process umask). */
    private static void restrict(StateDirectory state) throws IOException {
        if (!POSIX) {
            return;
        }
        try (var files = Files.list(state.root())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(NAME + ".") && Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, StateDirectory.FILE_PERMISSIONS);
                }
            }
        }
    }

    /** The schema version this store is at. */
    public synchronized int schemaVersion() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
            try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failure("read the schema version", e);
        }
    }

    private synchronized void migrate() {
        int current = schemaVersion();
        if (current > MIGRATIONS.size()) {
            throw new LocalStoreException("the local store was written by a newer parley (schema " + current
                    + ", this version knows " + MIGRATIONS.size() + "); upgrade parley", null);
        }
        for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
            String script = script(MIGRATIONS.get(version - 1));
            int applied = version;
            transaction(() -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                    statement.executeUpdate("INSERT INTO schema_version (version) VALUES (" + applied + ")");
                }
                return null;
            });
        }
    }

    private static String script(String name) {
        try (InputStream in = LocalStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: separated by {@code ;} at a line end; {@code --} comment lines dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    // --- device

    public synchronized Optional<DeviceRecord> device() {
        try (PreparedStatement query = connection.prepareStatement("SELECT realm, user_id, username, device_id, device_key, "
                + "identity_fingerprint, label, registered_at, revoked_at, revocation_reason FROM device WHERE id = 1");
             ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new DeviceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10)));
        } catch (SQLException e) {
            throw failure("read the device", e);
        }
    }

    /** Stores this directory's device, replacing a previous one (and its KeyPackages, which were that device's). */
    public synchronized void saveDevice(DeviceRecord device) {
        transaction(() -> {
            Optional<DeviceRecord> previous = device();
            if (previous.isPresent() && !previous.get().deviceId().equals(device.deviceId())) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("DELETE FROM key_package");
                }
            }
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO device (id, realm, user_id, username, "
                    + "device_id, device_key, identity_fingerprint, label, registered_at, revoked_at, revocation_reason) "
                    + "KEY (id) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, device.realm());
                merge.setString(2, device.userId());
                merge.setString(3, device.username());
                merge.setString(4, device.deviceId());
                merge.setString(5, device.deviceKey());
                merge.setString(6, device.identityFingerprint());
                merge.setString(7, device.label());
                merge.setTimestamp(8, timestamp(device.registeredAt()));
                merge.setTimestamp(9, timestamp(device.revokedAt()));
                merge.setString(10, device.revocationReason());
                merge.executeUpdate();
            }
            return null;
        });
    }

    /** Records that the realm revoked this device; idempotent (the first time and reason stay). */
    public synchronized void markDeviceRevoked(String reason, Instant at) {
        update("UPDATE device SET revoked_at = ?, revocation_reason = ? WHERE id = 1 AND revoked_at IS NULL",
                timestamp(at), reason);
    }

    public synchronized void renameDevice(String label) {
        update("UPDATE device SET label = ? WHERE id = 1", label);
    }

    // --- KeyPackages

    /** Keeps newly generated KeyPackages as {@link StoredKeyPackage.State#PENDING}, all or none. */
    public synchronized void addKeyPackages(Collection<StoredKeyPackage> keyPackages) {
        transaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO key_package (ref, message, secrets, "
                    + "last_resort, state, created_at, not_after) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (StoredKeyPackage kp : keyPackages) {
                    insert.setString(1, kp.ref());
                    insert.setString(2, kp.message());
                    insert.setBytes(3, kp.secrets());
                    insert.setBoolean(4, kp.lastResort());
                    insert.setString(5, kp.state().name());
                    insert.setTimestamp(6, timestamp(kp.createdAt()));
                    insert.setTimestamp(7, timestamp(kp.notAfter()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * Marks KeyPackages uploaded. A new last-resort KeyPackage replaces the previous one on the gateway, so an
     * older uploaded last-resort one is marked {@link StoredKeyPackage.State#USED} when a newer one arrives; its
     * keys stay for a Welcome already on its way.
     */
    public synchronized void markUploaded(Collection<String> refs) {
        transaction(() -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE key_package SET state = 'UPLOADED' WHERE ref = ? AND state = 'PENDING'")) {
                for (String ref : refs) {
                    update.setString(1, ref);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /** A Welcome used this one-time KeyPackage: it is never used again (a last-resort one stays). */
    public synchronized void markKeyPackageUsed(String ref) {
        transaction(() -> update("UPDATE key_package SET state = 'USED' WHERE ref = ? AND last_resort = FALSE", ref));
    }

    /** Forgets KeyPackages the gateway refused (it stored none of them). */
    public synchronized void deletePending(Collection<String> refs) {
        transaction(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM key_package WHERE ref = ? AND state = 'PENDING'")) {
                for (String ref : refs) {
                    delete.setString(1, ref);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    public synchronized Optional<StoredKeyPackage> keyPackage(String ref) {
        try (PreparedStatement query = connection.prepareStatement("SELECT ref, message, secrets, last_resort, state, "
                + "created_at, not_after FROM key_package WHERE ref = ?")) {
            query.setString(1, ref);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredKeyPackage(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBoolean(4),
                        StoredKeyPackage.State.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7)));
            }
        } catch (SQLException e) {
            throw failure("read a KeyPackage", e);
        }
    }

    /** How many KeyPackages are in {@code state}, one-time or last-resort ones. */
    public synchronized int countKeyPackages(StoredKeyPackage.State state, boolean lastResort) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM key_package WHERE state = ? AND last_resort = ?")) {
            query.setString(1, state.name());
            query.setBoolean(2, lastResort);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failure("count KeyPackages", e);
        }
    }

    /** Deletes KeyPackages past their lifetime (no Welcome can use them any more); returns how many. */
    public synchronized int purgeExpiredKeyPackages(Instant now) {
        return update("DELETE FROM key_package WHERE not_after < ?", timestamp(now));
    }

    // --- other users' identity keys

    public synchronized Optional<KnownIdentity> knownIdentity(String userId) {
        try (PreparedStatement query = connection.prepareStatement("SELECT user_id, username, fingerprint, public_key, "
                + "first_seen, last_seen FROM known_identity WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KnownIdentity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs, 5), instant(rs, 6)));
            }
        } catch (SQLException e) {
            throw failure("read a known identity", e);
        }
    }

    /**
     * Remembers a user's identity key: a new or different key starts a new {@code first_seen}; the same key only
     * moves {@code last_seen}.
     */
    public synchronized void rememberIdentity(String userId, String username, String fingerprint, String publicKey, Instant now) {
        transaction(() -> {
            Optional<KnownIdentity> known = knownIdentity(userId);
            Instant firstSeen = known.filter(k -> k.fingerprint().equals(fingerprint)).map(KnownIdentity::firstSeen).orElse(now);
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO known_identity (user_id, username, "
                    + "fingerprint, public_key, first_seen, last_seen) KEY (user_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, userId);
                merge.setString(2, username);
                merge.setString(3, fingerprint);
                merge.setString(4, publicKey);
                merge.setTimestamp(5, timestamp(firstSeen));
                merge.setTimestamp(6, timestamp(now));
                merge.executeUpdate();
            }
            return null;
        });
    }

    // --- cursors

    /** Where {@code stream} was read up to; 0 if never. */
    public synchronized long cursor(String stream) {
        try (PreparedStatement query = connection.prepareStatement("SELECT position FROM stream_cursor WHERE stream = ?")) {
            query.setString(1, stream);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("read a cursor", e);
        }
    }

    /** Moves a cursor forward; a position behind the stored one is ignored (cursors never go back). */
    public synchronized void advanceCursor(String stream, long position) {
        transaction(() -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO stream_cursor (stream, position) KEY (stream) VALUES (?, GREATEST(?, COALESCE("
                            + "(SELECT position FROM stream_cursor WHERE stream = ?), 0)))")) {
                merge.setString(1, stream);
                merge.setLong(2, position);
                merge.setString(3, stream);
                merge.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort: H2 has written every committed transaction already
        }
    }

    // --- plumbing

    interface Work<T> {
        T run() throws SQLException;
    }

    /** The conversations, messages, MLS states and outbox of this store. */
    public ConversationStore conversations() {
        return new ConversationStore(this);
    }

    /**
     * Runs {@code work} as one transaction of the store: all of it is written, or none. Transactions nest (an inner
     * one joins the outer). Holds the store's lock throughout.
     */
    public synchronized <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transaction(work::get);
    }

    Connection connection() {
        return connection;
    }

    synchronized <T> T transaction(Work<T> work) {
        try {
            if (!connection.getAutoCommit()) {
                return work.run();
            }
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static LocalStoreException failure(String what, SQLException e) {
        return new LocalStoreException("the local store could not " + what + ": " + e.getMessage(), e);
    }
}
