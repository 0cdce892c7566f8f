package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.TlsReader;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code Extension extensions<V>} list, in received order. Invariant: no extension type appears twice
 * (RFC 9420 §13.4).
 */
public record Extensions(List<Extension> list) {

    public static final Extensions NONE = new Extensions(List.of());

    public Extensions {
        list = List.copyOf(list);
    }

    public static Extensions read(TlsReader reader, String field) {
        int start = reader.position();
        List<Extension> list = reader.readVector(field, Extension::read);
        Set<Integer> seen = new HashSet<>();
        for (Extension extension : list) {
            if (!seen.add(extension.type())) {
                throw reader.error(start, field + ": extension type "
                        + String.format("0x%04x", extension.type()) + " appears more than once");
            }
        }
        return new Extensions(list);
    }

    public Optional<Extension> find(int type) {
        return list.stream().filter(extension -> extension.type() == type).findFirst();
    }

    public boolean contains(int type) {
        return find(type).isPresent();
    }
}
