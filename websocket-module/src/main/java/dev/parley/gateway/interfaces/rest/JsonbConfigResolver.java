package dev.parley.gateway.interfaces.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The protocol's JSON is snake_case ({@code user_id}); records stay idiomatic Java ({@code userId}). Integers are bound
 * exactly ({@link ExactIntegers}).
 */
@Provider
public class JsonbConfigResolver implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withDeserializers(new ExactIntegers.ExactLong(), new ExactIntegers.ExactInteger()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** The same JSON-B for code outside JAX-RS (servlet filters, WebSocket encoders). */
    public static Jsonb jsonb() {
        return JSONB;
    }
}
