package dev.parley.it;

import dev.parley.protocol.ws.ClientFrameType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The access matrix of docs/protocol.md ({@code ## Access matrix}): for every endpoint and client frame type, what
 * each principal gets. Its rows are read from the document, and the endpoints the code has are found by reflection,
 * so that the table, the code and {@code AccessMatrixIT} cannot drift apart.
 *
 * <p>Row names: {@code GET /api/v1/me} (the gateway's REST resources, under {@code /parley}),
 * {@code GET /realms/{realm}/parley/info} (the Authentication Service), {@code WS /ws} (the WebSocket door) and
 * {@code frame connect} (a client frame type). A cell is an outcome as {@link #outcome} formats it.
 */
record AccessMatrix(List<String> principals, Map<String, Map<String, String>> rows) {

    static final String SECTION = "## Access matrix";
    /** The first column of the matrix's tables; other tables of the section are prose. */
    static final String FIRST_COLUMN = "endpoint or frame";

    /**
     * Reads every table of the section (until the next {@code ## } heading) whose first column is
     * {@value #FIRST_COLUMN}; all have the same columns.
     */
    static AccessMatrix read(Path protocolMd) {
        List<String> lines;
        try {
            lines = Files.readAllLines(protocolMd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(SECTION);
        if (start < 0) {
            throw new AssertionError(protocolMd + " has no \"" + SECTION + "\" section");
        }
        List<String> principals = null;
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        List<String> header = null;
        boolean otherTable = false;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                header = null;
                otherTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (otherTable) {
                continue;
            }
            if (header == null) {
                if (!cells.get(0).equals(FIRST_COLUMN)) {
                    otherTable = true;
                    continue;
                }
                header = cells.subList(1, cells.size());
                if (principals == null) {
                    principals = List.copyOf(header);
                } else if (!principals.equals(header)) {
                    throw new AssertionError("Access matrix tables differ in their columns: " + principals + " and " + header);
                }
            } else if (cells.stream().allMatch(cell -> cell.matches(":?-+:?"))) {
                continue;
            } else {
                if (cells.size() != header.size() + 1) {
                    throw new AssertionError("Access matrix row with " + cells.size() + " cells, not " + (header.size() + 1) + ": " + line);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), cells.get(c + 1));
                }
                if (rows.put(cells.get(0), row) != null) {
                    throw new AssertionError("Access matrix row twice: " + cells.get(0));
                }
            }
        }
        if (principals == null) {
            throw new AssertionError("The \"" + SECTION + "\" section of " + protocolMd + " has no table");
        }
        return new AccessMatrix(principals, rows);
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(cell -> cell.strip().replace("`", "")).toList();
    }

    /** An HTTP answer as a cell: {@code 200} for success, else {@code <status> <error code>}. */
    static String outcome(int status, String error) {
        return status >= 200 && status < 300 ? String.valueOf(status) : status + " " + error;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Discovery

    /**
     * Every endpoint and frame type the code has: the gateway's JAX-RS resources under its {@code @ApplicationPath}
     * and its {@code @ServerEndpoint}s (all classes of the WAR that holds {@code webClass}), the Authentication
     * Service's resources (from its root resource {@code authRoot} and the sub-resources its locators return, under
     * {@code /realms/{realm}/parley}), and the client frame types.
     */
    static Set<String> discover(Class<?> webClass, Class<?> authRoot) {
        Set<String> found = new TreeSet<>();
        List<Class<?>> web = classesBeside(webClass);
        String application = web.stream().map(c -> c.getAnnotation(jakarta.ws.rs.ApplicationPath.class))
                .filter(a -> a != null).map(jakarta.ws.rs.ApplicationPath::value).findFirst()
                .orElseThrow(() -> new AssertionError("no @ApplicationPath among the gateway's classes"));
        for (Class<?> type : web) {
            jakarta.ws.rs.Path path = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (path != null) {
                resource(type, join(application, path.value()), found);
            }
            jakarta.websocket.server.ServerEndpoint socket = type.getAnnotation(jakarta.websocket.server.ServerEndpoint.class);
            if (socket != null) {
                found.add("WS " + join(socket.value()));
            }
        }
        resource(authRoot, "/realms/{realm}/parley", found);
        for (ClientFrameType frame : ClientFrameType.values()) {
            found.add("frame " + frame.wire());
        }
        return found;
    }

    /** The resource methods of {@code type} at {@code base}; sub-resource locators are followed. */
    private static void resource(Class<?> type, String base, Set<String> found) {
        for (Method method : type.getMethods()) {
            jakarta.ws.rs.Path path = method.getAnnotation(jakarta.ws.rs.Path.class);
            String at = path == null ? base : join(base, path.value());
            String httpMethod = httpMethod(method);
            if (httpMethod != null) {
                found.add(httpMethod + " " + at);
            } else if (path != null) {
                resource(method.getReturnType(), at, found);
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            jakarta.ws.rs.HttpMethod http = annotation.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** Path segments joined with single slashes, templates without their regular expression ({@code {id}}). */
    static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            for (String segment : part.split("/")) {
                if (!segment.isBlank()) {
                    path.append('/').append(segment.replaceAll("^\\{\\s*([^:}\\s]+)\\s*(:[^}]*)?}$", "{$1}"));
                }
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    /** Every class in the jar or directory {@code sample} was loaded from, loaded (not initialized). */
    private static List<Class<?>> classesBeside(Class<?> sample) {
        Path location;
        try {
            location = Path.of(sample.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path root = jar == null ? location : jar.getPath("/");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String relative = root.relativize(file).toString();
                    if (relative.startsWith("META-INF") || relative.endsWith("module-info.class")) {
                        continue;
                    }
                    String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.').replace('\\', '.');
                    classes.add(Class.forName(name, false, sample.getClassLoader()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("Could not load the classes of " + location + ": " + e, e);
        }
        return classes;
    }
}
