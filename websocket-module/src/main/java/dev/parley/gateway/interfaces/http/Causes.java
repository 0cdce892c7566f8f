package dev.parley.gateway.interfaces.http;

import java.util.stream.Stream;

/** Walking a failure's cause chain, where frameworks wrap the failure that names the reason. */
public final class Causes {

    private Causes() {
    }

    /** The failure and its causes, outermost first. */
    public static Stream<Throwable> of(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    /** The outermost failure of this type in the chain, or {@code null}. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        return of(failure).filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
