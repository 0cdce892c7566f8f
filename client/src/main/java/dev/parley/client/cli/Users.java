package dev.parley.client.cli;

import dev.parley.client.device.AuthenticationServiceClient;
import dev.parley.client.gateway.GatewayException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns what people type (a user name, or a user id) into user ids, and user ids back into names for output. */
final class Users {

    /** Keycloak user ids are UUIDs; anything else is taken as a user name. */
    private static final Pattern USER_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AuthenticationServiceClient directory;
    private final Map<String, String> names = new HashMap<>();

    Users(AuthenticationServiceClient directory) {
        this.directory = directory;
    }

    /** The user id of a user name or id; {@code user_not_found} from the realm if there is no such user. */
    String id(String userOrId) {
        if (USER_ID.matcher(userOrId).matches()) {
            return userOrId;
        }
        AuthenticationServiceClient.RealmUser user = directory.userByUsername(userOrId);
        names.put(user.userId(), user.username());
        return user.userId();
    }

    /** The user name of a user id, or null if the realm does not know it (any more). */
    String name(String userId) {
        return names.computeIfAbsent(userId, id -> {
            try {
                return directory.user(id).username();
            } catch (GatewayException e) {
                return null;
            }
        });
    }

    /** {@code name (id)}, or the id alone. */
    String label(String userId) {
        String name = name(userId);
        return name == null ? userId : name;
    }
}
