package dev.parley.gateway.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST door: everything under {@code /parley/api}; {@code docs/protocol.md} lists the resources. */
@ApplicationPath("/api")
public class ParleyApplication extends Application {
}
