package dev.parley.it;

import dev.parley.devstack.BuildLayout;
import dev.parley.devstack.Files2;
import dev.parley.devstack.KeycloakServer;
import dev.parley.devstack.Ports;
import dev.parley.devstack.WildFlyCli;
import dev.parley.devstack.WildFlyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real stack under test, started once per test JVM and stopped when it ends: Keycloak with the Parley
 * extension and realm (in-memory database), and the provisioned WildFly with parley.ear on
 * {@link TestDatabase#current()}, both on free ports. Test classes get it with
 * {@code @ExtendWith(ParleyStack.class)} and a {@code ParleyStack.Running} parameter.
 */
public class ParleyStack implements BeforeAllCallback, ParameterResolver {

    /** The running servers, as tests see them. */
    public record Running(KeycloakServer keycloak, WildFlyServer wildfly, TestDatabase database, BuildLayout build,
            Path work) implements AutoCloseable {

        /**
         * Another gateway on the same installation, not started: its own base directory, free ports and the
         * embedded H2 database, trusting this stack's Keycloak. For tests that need a differently configured
         * or crashing server.
         */
        public WildFlyServer extraGateway(String name) {
            return gateway(build, keycloak, work, name);
        }

        /**
         * Another gateway on the same installation, not started, like {@link #extraGateway}, but on the database under
         * test: on PostgreSQL it shares the main gateway's database (two gateways on one database, as in a cluster).
         */
        public WildFlyServer extraGatewayOnTestDatabase(String name) {
            WildFlyServer extra = gateway(build, keycloak, work, name);
            if (database == TestDatabase.POSTGRESQL) {
                try {
                    WildFlyCli.runOffline(extra, build.wildflyScript("postgresql.cli"),
                            TestDatabase.postgresqlCliProperties(build.postgresqlDriver()), work.resolve(name + "-cli.log"));
                } catch (Exception e) {
                    throw new IllegalStateException("Could not point " + name + " at PostgreSQL: " + e.getMessage(), e);
                }
            }
            return extra;
        }

        /**
         * A node of a cluster, not started: a gateway on the test database like {@link #extraGatewayOnTestDatabase}, with
         * {@code config/wildfly/cluster.cli} applied (JGroups over TCP on loopback, at 7600 plus its port offset,
         * discovery through JDBC_PING in the shared database) and {@code name} as its {@code jboss.node.name}. Nodes made
         * by this method find each other; the stack's main gateway is not one of them. PostgreSQL only.
         */
        public WildFlyServer clusterNode(String name) {
            if (database != TestDatabase.POSTGRESQL) {
                throw new IllegalStateException("A cluster shares one PostgreSQL database; the tests run on " + database);
            }
            WildFlyServer node = extraGatewayOnTestDatabase(name).systemProperty("jboss.node.name", name);
            WildFlyCli.runOffline(node, build.wildflyScript("cluster.cli"), java.util.Map.of(), work.resolve(name + "-cli.log"));
            return node;
        }

        @Override
        public void close() {
            wildfly.stop();
            keycloak.stop();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static Running running(ExtensionContext context) {
        TestDatabase database = TestDatabase.current();
        if (database == TestDatabase.POSTGRESQL && !TestDatabase.postgresqlReachable()) {
            String reason = "No PostgreSQL at " + TestDatabase.pgUrl() + " (see docs/operations.md#tests)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason + "; CI must test PostgreSQL");
            }
            Assumptions.abort(reason + ": PostgreSQL tests skipped");
        }
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> start(database), Running.class);
    }

    /**
     * A gateway (not started) on the provisioned installation: a fresh base directory {@code work/name}, free
     * ports, the embedded H2 database, trusting {@code keycloak}; short heartbeat and proof time-outs and
     * presence leases so that tests of them run in seconds.
     */
    private static WildFlyServer gateway(BuildLayout build, KeycloakServer keycloak, Path work, String name) {
        Path baseDir = work.resolve(name);
        Files2.deleteTree(baseDir);
        WildFlyServer gateway = new WildFlyServer(build.wildflyHome(), baseDir,
                WildFlyServer.freePortOffset(1000 + ThreadLocalRandom.current().nextInt(20_000)),
                work.resolve(name + ".log"))
                .systemProperty("parley.oidc.issuer", keycloak.realmUri().toString())
                .systemProperty("parley.oidc.clock-skew-seconds", "0")
                .systemProperty("parley.oidc.client-id", KeycloakServer.GATEWAY_CLIENT_ID)
                .systemProperty("parley.oidc.client-secret", KeycloakServer.GATEWAY_CLIENT_SECRET)
                .systemProperty("parley.ws.heartbeat-seconds", "2")
                .systemProperty("parley.ws.proof-timeout-seconds", "3")
                .systemProperty("parley.ws.outbound-queue-frames", "64")
                .systemProperty("parley.ws.write-deadline-seconds", "5")
                .systemProperty("parley.presence.lease-seconds", "5")
                .systemProperty("parley.conversations.messages-per-minute", "100000")
                .systemProperty("gateway.id", "gw_it");
        gateway.prepareBaseDir();
        gateway.deploy(build.ear());
        return gateway;
    }

    private static Running start(TestDatabase database) {
        try {
            BuildLayout build = new BuildLayout(Path.of(System.getProperty("parley.it.root", "..")).toAbsolutePath().normalize());
            build.requireBuilt();
            Path work = Path.of(System.getProperty("parley.it.work", "target/it-stack")).resolve(database.name().toLowerCase());
            Files.createDirectories(work);

            KeycloakServer keycloak = new KeycloakServer(build.keycloakDistribution(), Ports.anyFree(), Ports.anyFree(),
                    KeycloakServer.Database.DEV_MEM, work.resolve("keycloak.log"));
            keycloak.install(build.keycloakDistribution(), build.keycloakExtension(), build.realmJson());
            keycloak.start();

            WildFlyServer wildfly = gateway(build, keycloak, work, "wildfly");
            if (database == TestDatabase.POSTGRESQL) {
                TestDatabase.resetPostgresql();
                WildFlyCli.runOffline(wildfly, build.wildflyScript("postgresql.cli"),
                        TestDatabase.postgresqlCliProperties(build.postgresqlDriver()), work.resolve("jboss-cli.log"));
            }
            wildfly.start();

            Running running = new Running(keycloak, wildfly, database, build, work);
            try {
                keycloak.awaitReady(Duration.ofMinutes(6), () -> { });
                new Keycloak(keycloak).allowQuickRepeatedLogins();
                wildfly.awaitReady(Duration.ofMinutes(4), () -> { });
            } catch (RuntimeException e) {
                running.close();
                throw e;
            }
            return running;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the Parley stack: " + e.getMessage(), e);
        }
    }
}
