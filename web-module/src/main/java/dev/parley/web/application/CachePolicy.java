package dev.parley.web.application;

/**
 * How long a browser may keep a file of the web client. Files under {@code /assets/} carry a hash of their
 * content in their name, so a name never changes its bytes: they are kept for a year without asking again.
 * Everything else ({@code index.html}, which names the current assets, {@code config.json}, anything unknown)
 * is never stored, so that a new version is picked up on the next load.
 */
public final class CachePolicy {

    /** {@code Cache-Control} of a content-hashed asset. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** {@code Cache-Control} of everything else. */
    public static final String NEVER = "no-store";

    private static final String ASSETS = "/assets/";

    private CachePolicy() {
    }

    /**
     * The {@code Cache-Control} value for a request path inside the app (the servlet path, e.g.
     * {@code /assets/main-X2C4.js} or {@code /}); {@code exists} tells whether the app has such a file, so that
     * a missing asset's 404 is not cached for a year.
     */
    public static String forPath(String path, boolean exists) {
        boolean asset = path != null && path.startsWith(ASSETS) && path.length() > ASSETS.length()
                && !path.contains("..");
        return asset && exists ? IMMUTABLE : NEVER;
    }
}
