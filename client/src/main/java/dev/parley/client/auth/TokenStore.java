package dev.parley.client.auth;

import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The session's tokens, kept as {@code tokens.json} in the state directory (owner-only, see
 * {@link StateDirectory}). A file that cannot be read as tokens counts as no session.
 */
public final class TokenStore {

    static final String FILE = "tokens.json";

    private final StateDirectory state;

    public TokenStore(StateDirectory state) {
        this.state = state;
    }

    public Optional<Tokens> load() {
        try {
            Optional<byte[]> content = state.read(FILE);
            if (content.isEmpty()) {
                return Optional.empty();
            }
            Tokens tokens = JsonHttp.JSON.readValue(content.get(), Tokens.class);
            return tokens.accessToken() == null ? Optional.empty() : Optional.of(tokens);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(Tokens tokens) {
        try {
            state.write(FILE, JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the session; true if there was one on disk. */
    public boolean clear() {
        try {
            return state.delete(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }
}
