package dev.parley.client.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;

/** No HTTP answer at all from a server (refused connection, unknown host, timeout). */
public class ServerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI uri;

    public ServerUnreachableException(URI uri, Throwable cause) {
        super("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": " + reason(cause), cause);
        this.uri = uri;
    }

    private static String reason(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof InterruptedException) {
            return "interrupted";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** The address that was called. */
    public URI uri() {
        return uri;
    }
}
