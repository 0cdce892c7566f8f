package dev.parley.it;

import static dev.parley.it.DeliveryService.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.devstack.WildFlyServer;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A gateway configured with {@code parley.dm.policy=contacts}: direct conversations only between contacts. */
@ExtendWith(ParleyStack.class)
class DmPolicyContactsIT {

    private static WildFlyServer gateway;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startContactsOnlyGateway(ParleyStack.Running stack) throws Exception {
        gateway = stack.extraGateway("wildfly-dm-contacts").systemProperty("parley.dm.policy", "contacts");
        gateway.start();
        gateway.awaitReady(Duration.ofMinutes(4), () -> { });
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(gateway.gatewayUri(), stack);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void onlyContactsOpenDirectConversations() {
        MlsDevice alice = MlsDevice.register(auth, auth.userWithIdentity(), "laptop");
        MlsDevice bob = MlsDevice.register(auth, auth.userWithIdentity(), "phone");

        assertError(ds.createDm(alice, bob.user.id(), groupId()), 403, "contact_required");
        assertThat(HttpCalls.json(ds.get(alice, "conversations")).get("conversations")).isEmpty();

        assertThat(ds.send("POST", "contacts/requests", alice, Map.of("user_id", bob.user.id())).statusCode()).isEqualTo(200);
        assertThat(ds.send("POST", "contacts/requests/" + alice.user.id() + "/accept", bob, null).statusCode()).isEqualTo(200);
        HttpResponse<String> created = ds.createDm(alice, bob.user.id(), groupId());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(HttpCalls.json(created).get("gateway_id").asText()).isEqualTo("gw_it");
    }

    private static byte[] groupId() {
        byte[] groupId = new byte[16];
        new SecureRandom().nextBytes(groupId);
        return groupId;
    }
}
