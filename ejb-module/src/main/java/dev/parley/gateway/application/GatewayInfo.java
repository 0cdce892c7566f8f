package dev.parley.gateway.application;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.protocol.ProtocolVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this gateway says about itself: its id, its build and the protocol versions it speaks. */
@ApplicationScoped
public class GatewayInfo {

    private static final String SERVER_VERSION = readServerVersion();

    @Inject
    GatewayConfig config;

    public String gatewayId() {
        return config.gatewayId();
    }

    public String serverVersion() {
        return SERVER_VERSION;
    }

    public int protocolVersion() {
        return ProtocolVersion.CURRENT;
    }

    private static String readServerVersion() {
        try (InputStream in = GatewayInfo.class.getResourceAsStream("/dev/parley/gateway/version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
