package dev.parley.keycloak.device;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Parley's tables in Keycloak's database; the Liquibase changelog creates them. */
public class ParleyJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(DeviceEntity.class, RevocationEntity.class, FeedHeadEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/parley-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ParleyJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
