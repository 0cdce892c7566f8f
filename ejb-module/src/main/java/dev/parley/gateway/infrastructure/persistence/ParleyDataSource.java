package dev.parley.gateway.infrastructure.persistence;

/** The one datasource the gateway uses; {@code config/wildfly/*.cli} define it. */
public final class ParleyDataSource {

    public static final String JNDI_NAME = "java:jboss/datasources/ParleyDS";

    private ParleyDataSource() {
    }
}
