package dev.parley.client.presence;

import dev.parley.client.state.StateDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The presence this user chose with {@code parley presence set}, kept in the state directory
 * ({@code presence.properties}) and applied by every realtime connection the client makes ({@link PresenceOnConnect}).
 *
 * @param status    {@code online}, {@code away} or {@code busy}; null: the gateway's default ({@code online})
 * @param invisible null: leave the user's flag as the gateway has it
 */
public record PresencePreference(String status, Boolean invisible) {

    /** The statuses a device may set ({@code offline} is what others see without a lease). */
    public static final List<String> STATUSES = List.of("online", "away", "busy");

    static final String FILE = "presence.properties";

    public static final PresencePreference NONE = new PresencePreference(null, null);

    public PresencePreference {
        if (status != null) {
            status = status.toLowerCase(Locale.ROOT);
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("the status must be one of " + String.join(", ", STATUSES) + ", not '" + status + "'");
            }
        }
    }

    public boolean isEmpty() {
        return status == null && invisible == null;
    }

    /** This preference with the other's non-null parts in place of its own. */
    public PresencePreference with(PresencePreference change) {
        return new PresencePreference(change.status != null ? change.status : status,
                change.invisible != null ? change.invisible : invisible);
    }

    public static PresencePreference load(StateDirectory state) {
        try {
            Properties properties = new Properties();
            properties.load(new ByteArrayInputStream(state.read(FILE).orElse(new byte[0])));
            String invisible = properties.getProperty("invisible");
            return new PresencePreference(properties.getProperty("status"), invisible == null ? null : Boolean.valueOf(invisible));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + state.file(FILE) + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            return NONE; // a hand-edited file with a bad status: as if nothing was chosen
        }
    }

    public void save(StateDirectory state) {
        Properties properties = new Properties();
        if (status != null) {
            properties.setProperty("status", status);
        }
        if (invisible != null) {
            properties.setProperty("invisible", invisible.toString());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            properties.store(out, "the presence chosen with 'parley presence set'; applied on every connection");
            state.write(FILE, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }
}
