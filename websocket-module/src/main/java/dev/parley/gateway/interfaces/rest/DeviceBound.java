package dev.parley.gateway.interfaces.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that acts as the device named in {@code Parley-Device-Id}: a request to it that names a
 * device must prove it with the device key ({@link DeviceBoundRequestFilter}). Every method that reads that header
 * carries this annotation.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DeviceBound {
}
