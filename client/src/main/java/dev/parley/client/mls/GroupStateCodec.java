package dev.parley.client.mls;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.protocol.Group;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns a bcmls {@link Group} (which has no serialization of its own) into bytes and back, so that a device's MLS
 * state survives the process: the epoch secrets, the secret tree with its ratchets (consumed keys stay deleted), the
 * ratchet tree and the private path keys. The encoding is bcmls's object graph, field by field, so it is tied to the
 * bcmls version: the bytes start with {@link #FORMAT}, and state of another format is refused with
 * {@link MlsStateException} (the client then re-joins by external commit). Cipher suites are written as their id and
 * resolved to bcmls's singletons. Only classes of bcmls, Bouncy Castle and the JDK's collections may appear in the
 * bytes; the bytes are sealed with the store key by the caller, this is a second line.
 */
public final class GroupStateCodec {

    /** The format of the bytes: the bcmls version whose object graph they hold. */
    public static final String FORMAT = "parley-mls-state/bcmls-1.84";

    private static final byte[] HEADER = (FORMAT + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(GroupStateCodec::kryo);

    private GroupStateCodec() {
    }

    public static byte[] encode(Group group) {
        return MlsLock.locked(() -> {
            Output output = new Output(8192, -1);
            output.writeBytes(HEADER);
            KRYO.get().writeObject(output, group);
            return output.toBytes();
        });
    }

    public static Group decode(byte[] bytes) {
        if (bytes.length < HEADER.length || !Arrays.equals(Arrays.copyOf(bytes, HEADER.length), HEADER)) {
            throw new MlsStateException("the stored MLS state is not of format " + FORMAT);
        }
        return MlsLock.locked(() -> {
            try {
                return KRYO.get().readObject(new Input(bytes, HEADER.length, bytes.length - HEADER.length), Group.class);
            } catch (KryoException e) {
                throw new MlsStateException("the stored MLS state cannot be read: " + e.getMessage(), e);
            }
        });
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo(new AllowListResolver(), null);
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        FieldSerializer.FieldSerializerConfig fields = new FieldSerializer.FieldSerializerConfig();
        // bcmls keeps inner (non-static) classes, e.g. GroupKeySet.SecretTree: their outer reference is a synthetic field.
        fields.setIgnoreSyntheticFields(false);
        kryo.setDefaultSerializer(new SerializerFactory.FieldSerializerFactory(fields));
        kryo.addDefaultSerializer(MlsCipherSuite.class, new CipherSuiteSerializer());
        return kryo;
    }

    /** A suite is a process-wide singleton of bcmls: keep its id, not its digests and AEAD objects. */
    private static final class CipherSuiteSerializer extends Serializer<MlsCipherSuite> {
        @Override
        public void write(Kryo kryo, Output output, MlsCipherSuite suite) {
            output.writeShort(suite.getSuiteID());
        }

        @Override
        public MlsCipherSuite read(Kryo kryo, Input input, Class<? extends MlsCipherSuite> type) {
            short id = input.readShort();
            try {
                return MlsCipherSuite.getSuite(id);
            } catch (Exception e) {
                throw new KryoException("unknown cipher suite " + id, e);
            }
        }
    }

    /** Refuses to instantiate any class outside bcmls, Bouncy Castle and plain JDK data types. */
    private static final class AllowListResolver extends DefaultClassResolver {
        @Override
        public Registration readClass(Input input) {
            Registration registration = super.readClass(input);
            if (registration != null && !allowed(registration.getType())) {
                throw new KryoException("class not allowed in MLS state: " + registration.getType().getName());
            }
            return registration;
        }

        private static boolean allowed(Class<?> type) {
            Class<?> base = type;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            String name = base.getName();
            return base.isPrimitive() || name.startsWith("org.bouncycastle.") || name.startsWith("java.util.")
                    || name.equals("java.lang.String") || name.equals("java.math.BigInteger") || base.isEnum()
                    || name.startsWith("java.lang.") && (Number.class.isAssignableFrom(base) || base == Boolean.class
                    || base == Character.class);
        }
    }
}
