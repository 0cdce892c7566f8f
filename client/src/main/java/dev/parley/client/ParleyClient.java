package dev.parley.client;

import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.DeviceGrantPoller;
import dev.parley.client.auth.TokenStore;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.config.ConfigStore;
import dev.parley.client.gateway.GatewayClient;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.StateDirectory;
import java.time.Clock;

/**
 * The SDK's entry point: one user's client, wired from a state directory. The configuration is read once,
 * when the client is opened.
 */
public final class ParleyClient {

    private final StateDirectory state;
    private final ConfigStore config;
    private final AuthManager auth;
    private final GatewayClient gateway;

    private ParleyClient(StateDirectory state, JsonHttp http, Clock clock, DeviceGrantPoller poller) {
        this.state = state;
        this.config = new ConfigStore(state);
        ClientConfig settings = config.clientConfig();
        this.auth = new AuthManager(settings, new TokenStore(state), http, clock, poller);
        this.gateway = new GatewayClient(settings.gatewayUrl(), http, auth);
    }

    public static ParleyClient open(StateDirectory state) {
        return new ParleyClient(state, JsonHttp.create(), Clock.systemUTC(), DeviceGrantPoller.system());
    }

    public StateDirectory state() {
        return state;
    }

    public ConfigStore config() {
        return config;
    }

    public AuthManager auth() {
        return auth;
    }

    public GatewayClient gateway() {
        return gateway;
    }
}
