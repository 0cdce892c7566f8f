package dev.parley.gateway.interfaces.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Fuzzes the REST request bodies: the first byte picks a resource method that takes a JSON body, the rest is the body.
 * It goes through what the gateway runs before the method: the JSON-B reader as RESTEasy 6.2 applies it (the
 * gateway's {@link JsonbConfigResolver}, an empty body read as {@code null}, any failure reported as a
 * {@code ProcessingException}) behind the gateway's {@link JsonBodyFilter} (strict JSON), then Bean Validation of the
 * method's parameters (Hibernate Validator, as RESTEasy's validator does), and a failure goes to the gateway's
 * exception mapper nearest to its class, as JAX-RS picks it.
 *
 * <p>Property: the body reaches the method, or the answer is a 4xx with a documented error code, never
 * {@code internal_error} and never an exception that escapes.
 *
 * <p>Inputs: {@code RequestBodyFuzzTestInputs/serve/}: a valid body for every method (the file name says which), and
 * every crash found by fuzzing. {@link #theFuzzedMethodsAreTheJsonBodiesOfTheRestDoor} keeps the first byte's meaning.
 */
class RequestBodyFuzzTest {

    /**
     * What the fuzz test runs against: the controllers, the mappers, the endpoints and the validator. Held apart from
     * this class's own static state so that creating a test instance loads none of it: in fuzzing mode JUnit creates
     * one for the (disabled) check below before Jazzer's agent attaches, and what is loaded then is retransformed (see
     * {@link #theFuzzedMethodsAreTheJsonBodiesOfTheRestDoor}).
     */
    private static final class Gateway {

        static final List<Class<?>> CONTROLLERS = List.of(BlocksController.class, ConnectTicketsController.class,
                ContactsController.class, ConversationsController.class, DirectoryAccessController.class,
                KeyPackagesController.class, MeController.class, PresenceController.class, RealtimeNoncesController.class);

        static final List<ExceptionMapper<?>> MAPPERS = List.of(new ParleyExceptionMapper(),
                new ProcessingExceptionMapper(), new ConstraintViolationExceptionMapper(), new WebApplicationExceptionMapper(), new UnexpectedExceptionMapper());

        static final List<Endpoint> ENDPOINTS = endpoints();
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    /**
     * Not in fuzzing mode: it runs before {@link #serve} and would load the controllers and their body records (through
     * {@link Gateway}) before Jazzer's agent attaches. The agent then retransforms them, and the JVM
     * corrupts a retransformed record whose components carry type annotations ({@code List<@NotNull String>}; JDK-8376185):
     * Yasson's {@code getDeclaredFields} on it crashes the JVM (SIGSEGV). Loaded after the agent, they are instrumented
     * as they load, which is safe.
     */
    @Test
    @DisabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+", disabledReason = "fuzzing mode: see the Javadoc")
    void theFuzzedMethodsAreTheJsonBodiesOfTheRestDoor() {
        // The committed inputs start with an index into this list; a new method goes here (with a seed input).
        assertThat(Gateway.ENDPOINTS).extracting(Endpoint::toString).containsExactly(
                "ContactsController.request", "ConversationsController.ack", "ConversationsController.commit",
                "ConversationsController.create", "ConversationsController.send", "ConversationsController.setRole",
                "KeyPackagesController.claim", "KeyPackagesController.upload", "PresenceController.set");
    }

    @FuzzTest(maxDuration = "10m")
    void serve(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Endpoint endpoint = Gateway.ENDPOINTS.get(Byte.toUnsignedInt(data[0]) % Gateway.ENDPOINTS.size());
        Response refusal = refusal(endpoint, Arrays.copyOfRange(data, 1, data.length));
        if (refusal == null) {
            return;
        }
        int status = refusal.getStatus();
        if (!(refusal.getEntity() instanceof ErrorResponse body)) {
            throw new AssertionError(endpoint + ": " + status + " without an error body");
        }
        ParleyError error = ParleyError.fromCode(body.error());
        if (status < 400 || status > 499 || error == null || error.httpStatus() != status) {
            throw new AssertionError(endpoint + ": " + status + " " + body);
        }
    }

    /** What the gateway answers before the resource method runs, or {@code null} if the body reaches the method. */
    private static Response refusal(Endpoint endpoint, byte[] body) {
        Object entity;
        try {
            JsonBodyFilter.requireStrictJson(body);
            entity = new JsonbReading(endpoint.body(), body).proceed();
        } catch (Exception e) {
            // RESTEasy wraps it (ReaderException) and maps the cause: its response if it carries an entity, else the mapper.
            if (e instanceof WebApplicationException wae && wae.getResponse().hasEntity()) {
                return wae.getResponse();
            }
            return map(e);
        }
        Set<ConstraintViolation<Object>> violations = Gateway.VALIDATOR.forExecutables()
                .validateParameters(endpoint.resource(), endpoint.method(), endpoint.arguments(entity));
        return violations.isEmpty() ? null : map(new ConstraintViolationException(violations));
    }

    /** The mapper for the nearest superclass of the failure, as JAX-RS picks it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Response map(Throwable failure) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            for (ExceptionMapper mapper : Gateway.MAPPERS) {
                if (handledType(mapper) == type) {
                    return mapper.toResponse(failure);
                }
            }
        }
        throw new AssertionError("no mapper for " + failure, failure);
    }

    private static Class<?> handledType(ExceptionMapper<?> mapper) {
        for (Type type : mapper.getClass().getGenericInterfaces()) {
            if (type instanceof ParameterizedType p && p.getRawType() == ExceptionMapper.class) {
                return (Class<?>) p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(mapper.getClass().getName());
    }

    /** Every resource method of the gateway that consumes JSON, in a stable order. */
    private static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> controller : Gateway.CONTROLLERS) {
            Object resource;
            try {
                resource = controller.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            for (Method method : controller.getMethods()) {
                Consumes consumes = method.getAnnotation(Consumes.class);
                if (consumes != null && Arrays.asList(consumes.value()).contains(MediaType.APPLICATION_JSON)) {
                    endpoints.add(new Endpoint(resource, method));
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::toString));
        return List.copyOf(endpoints);
    }

    /** A resource method; header and path parameters get plausible values, the body parameter the fuzzed entity. */
    private record Endpoint(Object resource, Method method) {

        Type body() {
            return method.getGenericParameterTypes()[bodyIndex()];
        }

        Object[] arguments(Object entity) {
            Parameter[] parameters = method.getParameters();
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].isAnnotationPresent(HeaderParam.class)) {
                    arguments[i] = "laptop";
                } else if (parameters[i].isAnnotationPresent(PathParam.class)) {
                    arguments[i] = "c0ffee00-0000-4000-8000-000000000001";
                } else {
                    arguments[i] = entity;
                }
            }
            return arguments;
        }

        private int bodyIndex() {
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (!parameters[i].isAnnotationPresent(HeaderParam.class) && !parameters[i].isAnnotationPresent(PathParam.class)) {
                    return i;
                }
            }
            throw new IllegalStateException(this + " takes no body");
        }

        @Override
        public String toString() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    /**
     * The entity provider's read as RESTEasy 6.2's {@code JsonBindingProvider} does it: the gateway's JSON-B over the
     * body's bytes; an empty body is {@code null}; any failure becomes a {@code ProcessingException}.
     */
    private static final class JsonbReading implements ReaderInterceptorContext {

        private final Type type;
        private final byte[] body;

        JsonbReading(Type type, byte[] body) {
            this.type = type;
            this.body = body;
        }

        @Override
        public Object proceed() {
            try (InputStream in = new ByteArrayInputStream(body)) {
                return JsonbConfigResolver.jsonb().fromJson(in, type);
            } catch (Throwable e) {
                if (body.length == 0) {
                    return null;
                }
                throw new ProcessingException("RESTEASY008200: JSON Binding deserialization error: " + e, e);
            }
        }

        @Override public InputStream getInputStream() { return new ByteArrayInputStream(body); }
        @Override public void setInputStream(InputStream is) { throw new UnsupportedOperationException(); }
        @Override public MultivaluedMap<String, String> getHeaders() { return new MultivaluedHashMap<>(); }
        @Override public Object getProperty(String name) { return null; }
        @Override public Collection<String> getPropertyNames() { return List.of(); }
        @Override public void setProperty(String name, Object object) { }
        @Override public void removeProperty(String name) { }
        @Override public Annotation[] getAnnotations() { return new Annotation[0]; }
        @Override public void setAnnotations(Annotation[] annotations) { throw new UnsupportedOperationException(); }
        @Override public Class<?> getType() { return type instanceof Class<?> c ? c : Object.class; }
        @Override public void setType(Class<?> type) { throw new UnsupportedOperationException(); }
        @Override public Type getGenericType() { return type; }
        @Override public void setGenericType(Type genericType) { throw new UnsupportedOperationException(); }
        @Override public MediaType getMediaType() { return MediaType.APPLICATION_JSON_TYPE; }
        @Override public void setMediaType(MediaType mediaType) { throw new UnsupportedOperationException(); }
    }
}
