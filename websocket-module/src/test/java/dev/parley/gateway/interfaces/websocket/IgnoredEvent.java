package dev.parley.gateway.interfaces.websocket;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;

/** A CDI event nobody observes: for tests of beans that fire events the test does not look at. */
final class IgnoredEvent<T> implements Event<T> {
    @Override public void fire(T event) { }
    @Override public <U extends T> CompletionStage<U> fireAsync(U event) { throw new UnsupportedOperationException(); }
    @Override public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) { throw new UnsupportedOperationException(); }
    @Override public Event<T> select(Annotation... qualifiers) { return this; }
    @Override public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
    @Override public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
}
