package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.push.DevicePush;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The WebSocket door's side of {@link DevicePush}: the frame goes to the device's live connection, if it has one here. */
@ApplicationScoped
public class PushDelivery {

    @Inject
    ConnectionRegistry registry;

    void deliver(@Observes DevicePush push) {
        registry.liveConnection(push.device().userId(), push.device().deviceId())
                .ifPresent(connection -> connection.send(push.frame()));
    }
}
