package dev.parley.keycloak;

/** The build of this extension, as Maven stamped it into the jar's manifest. */
public final class ExtensionVersion {

    public static final String VERSION = readVersion();

    private ExtensionVersion() {
    }

    private static String readVersion() {
        String version = ExtensionVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
