package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.http.JsonHttp;

/** Small JSON objects for {@code --json} output. */
final class JsonOutput {

    private JsonOutput() {
    }

    /** {@code {"k1": "v1", ...}} from alternating keys and string values. */
    static String object(String... keysAndValues) {
        ObjectNode node = JsonHttp.JSON.createObjectNode();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node.toString();
    }
}
