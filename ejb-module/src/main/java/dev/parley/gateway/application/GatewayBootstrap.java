package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.GatewayIdentity;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.GatewayIdentityStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Binds the database to this gateway's id on first start and refuses to start against a database that
 * belongs to another gateway id (which would silently re-home every conversation in it).
 */
@ApplicationScoped
public class GatewayBootstrap {

    private static final Logger LOG = Logger.getLogger(GatewayBootstrap.class);

    @Inject
    GatewayConfig config;

    @Inject
    GatewayIdentityStore store;

    @Transactional
    public void bindDatabaseToGateway() {
        List<GatewayIdentity> recorded = store.findAll();
        if (recorded.isEmpty()) {
            store.insert(new GatewayIdentity(config.gatewayId(), Instant.now(Clock.systemUTC())));
            LOG.infof("Database bound to gateway '%s'", config.gatewayId());
            return;
        }
        String owner = recorded.get(0).gatewayId();
        if (!owner.equals(config.gatewayId())) {
            throw new IllegalStateException("This database belongs to gateway '" + owner + "' but this server is"
                    + " configured as '" + config.gatewayId() + "'. Set GATEWAY_ID=" + owner
                    + " or point the ParleyDS datasource at this gateway's own database.");
        }
        LOG.infof("Gateway '%s' started", owner);
    }
}
