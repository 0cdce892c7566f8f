package dev.parley.gateway.application;

import dev.parley.gateway.infrastructure.persistence.SchemaMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prepares the gateway before the deployment serves its first request: schema migrations, then the
 * gateway's claim on its database. A failure here fails the deployment, with the reason in the log.
 * Runs exactly once per deployment, however many modules start the application context.
 */
@ApplicationScoped
public class GatewayStartup {

    private final AtomicBoolean started = new AtomicBoolean();

    @Inject
    SchemaMigrator schemaMigrator;

    @Inject
    GatewayBootstrap bootstrap;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (started.compareAndSet(false, true)) {
            schemaMigrator.migrate();
            bootstrap.bindDatabaseToGateway();
        }
    }
}
