package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;

/**
 * A leaf's {@code Capabilities} (RFC 9420 §7.2): lists of {@code uint16} codes, carried as received, including
 * GREASE values.
 */
public record Capabilities(List<Integer> versions, List<Integer> cipherSuites, List<Integer> extensions,
        List<Integer> proposals, List<Integer> credentials) {

    public Capabilities {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
        extensions = List.copyOf(extensions);
        proposals = List.copyOf(proposals);
        credentials = List.copyOf(credentials);
    }

    public static Capabilities read(TlsReader reader) {
        return new Capabilities(
                readCodes(reader, "Capabilities.versions"),
                readCodes(reader, "Capabilities.cipher_suites"),
                readCodes(reader, "Capabilities.extensions"),
                readCodes(reader, "Capabilities.proposals"),
                readCodes(reader, "Capabilities.credentials"));
    }

    private static List<Integer> readCodes(TlsReader reader, String field) {
        return reader.readVector(field, element -> element.readU16(field));
    }
}
