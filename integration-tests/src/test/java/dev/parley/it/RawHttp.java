package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte over a plain socket, for requests that a well-behaved client (the JDK's) refuses to
 * make: bytes that are not UTF-8 in the request line or a header (request line and headers are written as ISO-8859-1,
 * so {@code "\u00ff"} goes out as the byte 0xff), a {@code Content-Length} that does not match the body, a chunked body
 * that never ends. The writing runs on its own thread, so a server that answers before it read everything is heard.
 */
final class RawHttp {

    private static final int CHUNK = 64 * 1024;

    /** An answer: the status (-1 when the connection ended without one), the head as text and the body bytes. */
    record Response(int status, String head, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The {@code error} code of a JSON error body, or {@code null} when the body is none. */
        String error() {
            try {
                JsonNode json = HttpCalls.JSON.readTree(body);
                return json != null && json.hasNonNull("error") ? json.get("error").asText() : null;
            } catch (IOException notJson) {
                return null;
            }
        }

        @Override
        public String toString() {
            String text = text();
            return "HTTP " + status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private RawHttp() {
    }

    /**
     * {@code method target} with {@code headers} (plus {@code Host}, {@code Connection: close} and, unless given, a
     * {@code Content-Length} of {@code body}) and {@code body} (null: none).
     */
    static Response send(URI server, String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null && !containsIgnoringCase(all, "Content-Length") && !containsIgnoringCase(all, "Transfer-Encoding")) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        byte[] request = concat(head(server, method, target, all), body == null ? new byte[0] : body);
        return exchange(server, out -> out.write(request));
    }

    /**
     * A chunked body that does not end: chunks of {@code filler} are sent until {@code total} bytes went out, and the
     * last (empty) chunk never comes.
     */
    static Response sendChunkedWithoutEnd(URI server, String method, String target, Map<String, String> headers, long total) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Transfer-Encoding", "chunked");
        byte[] head = head(server, method, target, all);
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        chunk[0] = '{';
        chunk[1] = '"';
        byte[] chunkHead = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return exchange(server, out -> {
            out.write(head);
            for (long sent = 0; sent < total; sent += CHUNK) {
                out.write(chunkHead);
                out.write(chunk);
                out.write('\r');
                out.write('\n');
                chunk[0] = 'x';
                chunk[1] = 'x';
            }
            out.flush();
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static Response exchange(URI server, Writer writer) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Thread writing = new Thread(() -> {
                try {
                    writer.write(out);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // The server answered and closed before it read everything: the answer is what counts.
                }
            }, "raw-http-writer");
            writing.setDaemon(true);
            writing.start();
            Response response = read(socket.getInputStream());
            socket.close();
            writing.join(5_000);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while (matched < 4 && (c = readOrEnd(in)) >= 0) {
            headBytes.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (matched < 4 || !head.startsWith("HTTP/1.")) {
            return new Response(-1, head, new byte[0]);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        byte[] body;
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            body = readChunked(in);
        } else {
            int at = lower.indexOf("\r\ncontent-length:");
            if (at >= 0) {
                String value = lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).trim();
                body = in.readNBytes(Integer.parseInt(value));
            } else {
                body = readAll(in);
            }
        }
        return new Response(status, head, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in).trim();
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** The rest of the stream; a reset after the answer counts as its end. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // ended
        }
        return body.toByteArray();
    }

    private static int readOrEnd(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    private static byte[] head(URI server, String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean containsIgnoringCase(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
