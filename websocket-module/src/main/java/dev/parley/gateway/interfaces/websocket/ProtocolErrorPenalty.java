package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.error.RateLimitedException;
import dev.parley.protocol.ws.CloseCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repeated protocol errors: a device may make {@code parley.ws.protocol-errors-per-minute} refused frames per
 * minute across its connections (an unproven connection as many in its life). Past that its connection is
 * closed with {@link CloseCode#PROTOCOL_ERROR} and the device may not connect again for
 * {@code parley.ws.protocol-error-penalty-seconds}: its {@code connect} gets {@code rate_limited} with
 * {@code retry_after_seconds} and a close with {@link CloseCode#PENALIZED}.
 */
@ApplicationScoped
public class ProtocolErrorPenalty {

    private final Clock clock = Clock.systemUTC();
    private final Map<DeviceAddress, Instant> penalizedUntil = new ConcurrentHashMap<>();

    @Inject
    TransportConfig config;

    private RateLimiter errorsPerDevice;

    @PostConstruct
    void createLimiter() {
        errorsPerDevice = new RateLimiter(new RateLimit("protocol errors", config.protocolErrorsPerMinute(), Duration.ofMinutes(1)));
    }

    /** Counts a refused frame of {@code connection}; closes it and penalises its device past the limit. */
    void refused(Connection connection) {
        boolean tooMany = connection.protocolError() >= config.protocolErrorsPerMinute();
        DeviceAddress device = connection.device();
        if (device != null) {
            try {
                errorsPerDevice.acquire(device.userId() + "/" + device.deviceId());
            } catch (RateLimitedException e) {
                tooMany = true;
            }
            if (tooMany) {
                penalizedUntil.put(device, clock.instant().plus(config.protocolErrorPenalty()));
            }
        }
        if (tooMany) {
            connection.close(CloseCode.PROTOCOL_ERROR, "too many protocol errors");
        }
    }

    /** How long {@code device} must still wait before it may connect; empty when it may connect now. */
    Optional<Duration> remaining(DeviceAddress device) {
        Instant until = penalizedUntil.get(device);
        Instant now = clock.instant();
        if (until == null) {
            return Optional.empty();
        }
        if (!until.isAfter(now)) {
            penalizedUntil.remove(device, until);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, until));
    }
}
