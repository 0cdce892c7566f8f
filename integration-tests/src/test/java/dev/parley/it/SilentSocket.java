package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A deliberately minimal WebSocket client over a plain socket that never answers pings: it plays a peer
 * whose network died, for the heartbeat test (the JDK client answers pings on its own). Text frames are
 * masked as RFC 6455 requires of clients.
 */
final class SilentSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    SilentSocket(URI gateway, String accessToken) throws IOException {
        this(gateway, accessToken, 0);
    }

    /** With {@code receiveBuffer > 0}, a small TCP receive window: a reader that is slow from the start. */
    SilentSocket(URI gateway, String accessToken, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(gateway.getHost(), gateway.getPort()));
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String request = "GET " + gateway.getPath() + "ws HTTP/1.1\r\n"
                + "Host: " + gateway.getHost() + ":" + gateway.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + accessToken + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("Upgrade refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // skip the response headers
        }
    }

    /** The next text frame as JSON, skipping pings (which are NOT answered). */
    JsonNode nextText() throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0f;
            byte[] payload = readPayload();
            if (opcode == 0x1) {
                return HttpCalls.JSON.readTree(payload);
            }
            if (opcode == 0x8) {
                throw new IOException("closed by the gateway");
            }
        }
    }

    void sendText(String text) throws IOException {
        out.write(maskedTextFrame(text));
        out.flush();
    }

    /** Sends the same text frame {@code count} times in one write. */
    void sendRepeatedly(String text, int count) throws IOException {
        byte[] frame = maskedTextFrame(text);
        ByteArrayOutputStream frames = new ByteArrayOutputStream(frame.length * count);
        for (int i = 0; i < count; i++) {
            frames.write(frame);
        }
        out.write(frames.toByteArray());
        out.flush();
    }

    /**
     * Sends one frame as given: {@code first} is the frame's first byte (FIN and opcode: 0x81 a whole text frame, 0x01 a
     * first fragment, 0x00 a continuation, 0x80 the last one, 0x82 binary), {@code payload} its bytes, valid or not.
     */
    void sendFrame(int first, byte[] payload) throws IOException {
        out.write(maskedFrame(first, payload));
        out.flush();
    }

    private static byte[] maskedTextFrame(String text) throws IOException {
        return maskedFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] maskedFrame(int first, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Reads (and ignores) everything until the gateway sends a close frame; returns its close code, or -1
     * when the connection ended without one.
     */
    int awaitClose() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            byte[] payload = readPayload();
            if ((first & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
            }
        }
    }

    /**
     * Reads (and ignores) everything until the connection ends: {@code true} when it ended (a close frame, the end of
     * the stream or a reset), {@code false} when nothing arrived for {@code silence}.
     */
    boolean awaitEnd(java.time.Duration silence) throws IOException {
        socket.setSoTimeout((int) silence.toMillis());
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private byte[] readPayload() throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream stream = in;
        int c;
        while ((c = stream.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
