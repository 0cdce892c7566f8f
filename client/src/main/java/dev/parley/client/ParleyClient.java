package dev.parley.client;

import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.AuthorizedHttp;
import dev.parley.client.auth.DeviceGrantPoller;
import dev.parley.client.auth.TokenStore;
import dev.parley.client.config.ClientConfig;
import dev.parley.client.config.ConfigKey;
import dev.parley.client.config.ConfigStore;
import dev.parley.client.device.AuthenticationServiceClient;
import dev.parley.client.device.DeviceKeys;
import dev.parley.client.device.DeviceManager;
import dev.parley.client.device.DirectoryVerifier;
import dev.parley.client.device.KeyVault;
import dev.parley.client.device.NoDeviceException;
import dev.parley.client.device.PassphraseSource;
import dev.parley.client.gateway.DeviceSigner;
import dev.parley.client.gateway.GatewayClient;
import dev.parley.client.gateway.PresenceClient;
import dev.parley.client.gateway.RealtimeRest;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.mls.KeyPackagePool;
import dev.parley.client.presence.PresenceOnConnect;
import dev.parley.client.presence.PresencePreference;
import dev.parley.client.state.StateDirectory;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.store.LocalStore;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.EventStreamConnection;
import dev.parley.client.ws.FallbackConnection;
import dev.parley.client.ws.GatewayConnection;
import dev.parley.client.ws.RealtimeConnection;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SDK's entry point: one user's client, wired from a state directory. The configuration is read once,
 * when the client is opened; the local store is opened on first use and closed by {@link #close()}.
 */
public final class ParleyClient implements AutoCloseable {

    private final StateDirectory state;
    private final ConfigStore config;
    private final ClientConfig settings;
    private final Clock clock;
    private final AuthManager auth;
    private final GatewayClient gateway;
    private final AuthenticationServiceClient authenticationService;
    private final KeyVault keys;
    private final DeviceManager devices;
    private LocalStore store;

    private ParleyClient(StateDirectory state, JsonHttp http, Clock clock, DeviceGrantPoller poller,
            PassphraseSource passphrases) {
        this.state = state;
        this.clock = clock;
        this.config = new ConfigStore(state);
        this.settings = config.clientConfig();
        this.auth = new AuthManager(settings, new TokenStore(state), http, clock, poller);
        this.keys = new KeyVault(state, passphrases);
        this.gateway = new GatewayClient(settings.gatewayUrl(), http, auth, this::signer);
        this.authenticationService = new AuthenticationServiceClient(settings.realmUrl(), new AuthorizedHttp(http, auth));
        this.devices = new DeviceManager(authenticationService, keys, this::store, clock);
    }

    /** A client whose keys, if encrypted, cannot be opened (no passphrase source). */
    public static ParleyClient open(StateDirectory state) {
        return open(state, PassphraseSource.NONE);
    }

    public static ParleyClient open(StateDirectory state, PassphraseSource passphrases) {
        return new ParleyClient(state, JsonHttp.create(), Clock.systemUTC(), DeviceGrantPoller.system(), passphrases);
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

    /** The realm's Authentication Service: identity, devices, directory. */
    public AuthenticationServiceClient authenticationService() {
        return authenticationService;
    }

    /** Other users' devices checked against their identity keys, and identity-key changes. */
    public DirectoryVerifier directory() {
        return new DirectoryVerifier(authenticationService, this::store, clock);
    }

    /** This directory's private keys ({@code keys.json}). */
    public KeyVault keys() {
        return keys;
    }

    /** Registration and management of the user's devices. */
    public DeviceManager devices() {
        return devices;
    }

    /** The local store ({@code store.mv.db}), opened on first use. */
    public synchronized LocalStore store() {
        if (store == null) {
            store = LocalStore.open(state);
        }
        return store;
    }

    /** This device's KeyPackages on the gateway. */
    public KeyPackagePool keyPackages() {
        return new KeyPackagePool(gateway, store(), clock);
    }

    /** This device's conversations: groups, members, the log, the outbox. */
    public ConversationManager conversations() {
        DeviceKeys active = activeDeviceKeys();
        return new ConversationManager(gateway.conversations(active.deviceId()), store(), active, keyPackages(), directory(),
                authenticationService, clock);
    }

    /** The key that signs requests acting as {@code deviceId}: this directory's device key, if it is that device's. */
    private Optional<DeviceSigner> signer(String deviceId) {
        return keys.load().filter(k -> k.deviceId().equals(deviceId))
                .map(k -> new DeviceSigner(k.userId(), k.deviceId(), k.devicePrivateKey()));
    }

    /** The keys of this directory's active device; {@link NoDeviceException} if it has none. */
    public DeviceKeys activeDeviceKeys() {
        DeviceRecord device = devices.requireActive();
        DeviceKeys loaded = keys.load().orElseThrow(() -> new NoDeviceException(
                "the private keys of device " + device.deviceId() + " are missing from " + state));
        if (!loaded.deviceId().equals(device.deviceId())) {
            throw new NoDeviceException("the keys in " + state + " are not those of device " + device.deviceId());
        }
        return loaded;
    }

    /**
     * A realtime connection of this device to the gateway (not started: call {@link GatewayConnection#start()}). It
     * applies the presence chosen with {@code parley presence set} each time it connects ({@link PresenceOnConnect}).
     */
    public GatewayConnection connection(ConnectionListener listener) {
        PresenceOnConnect presence = new PresenceOnConnect(listener, PresencePreference.load(state));
        GatewayConnection connection = webSocket(devices.requireActive(), activeDeviceKeys().devicePrivateKey()).apply(presence);
        presence.attach(connection);
        return connection;
    }

    /**
     * This device's realtime connection over the door {@code realtime.transport} names (not started): {@code auto}
     * (default) the WebSocket, falling back to SSE when the upgrade is refused ({@link FallbackConnection}),
     * {@code websocket}, or {@code sse} ({@link EventStreamConnection}). Like {@link #connection}, it applies the
     * presence chosen with {@code parley presence set} each time it connects.
     */
    public RealtimeConnection realtime(ConnectionListener listener) {
        DeviceRecord device = devices.requireActive();
        PrivateKey deviceKey = activeDeviceKeys().devicePrivateKey();
        PresenceOnConnect presence = new PresenceOnConnect(listener, PresencePreference.load(state));
        Function<ConnectionListener, GatewayConnection> webSocket = webSocket(device, deviceKey);
        Function<ConnectionListener, RealtimeConnection> eventStream = l -> new EventStreamConnection(settings.gatewayUrl(), auth,
                new RealtimeRest(gateway), device.userId(), device.deviceId(), deviceKey, l, clock);
        RealtimeConnection connection = switch (config.get(ConfigKey.REALTIME_TRANSPORT)) {
            case "websocket" -> webSocket.apply(presence);
            case "sse" -> eventStream.apply(presence);
            default -> new FallbackConnection(webSocket, eventStream, presence);
        };
        presence.attach(connection);
        return connection;
    }

    private Function<ConnectionListener, GatewayConnection> webSocket(DeviceRecord device, PrivateKey deviceKey) {
        return l -> new GatewayConnection(settings.gatewayUrl(), auth, device.userId(), device.deviceId(), deviceKey, l, clock);
    }

    /** The gateway's presence over REST. */
    public PresenceClient presence() {
        return new PresenceClient(gateway);
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
