package dev.parley.client.cli;

/**
 * The exit codes of {@code parley}, stable for scripts. Listed in {@code parley --help} and
 * {@code docs/client.md}; a new failure class gets a new number, an existing number keeps its meaning.
 */
public final class ExitCode {

    public static final int OK = 0;
    /** Anything not covered below (a local I/O failure, a bug). */
    public static final int ERROR = 1;
    /** The command line is wrong: unknown command or option, missing argument, invalid setting value. */
    public static final int USAGE = 2;
    /** No usable session: never signed in, signed out, or the session ended. Next step: parley login. */
    public static final int NOT_SIGNED_IN = 3;
    /** The gateway or the realm did not answer at all. */
    public static final int UNREACHABLE = 4;
    /** The gateway or the realm answered and refused (the message carries its error code). */
    public static final int REFUSED = 5;
    /** This device was revoked (by the user, an admin, an identity reset, or the user was disabled). */
    public static final int DEVICE_REVOKED = 6;
    /** This state directory has no usable device: none registered, or its keys cannot be opened. */
    public static final int NO_DEVICE = 7;
    /** A newer connection of this device took over (another {@code parley listen} of the same directory). */
    public static final int DISPLACED = 8;
    /** Another user's identity key is not the one this client knew (parley contacts verify). */
    public static final int IDENTITY_CHANGED = 9;
    /** The conversation cannot be used from this device: unknown here, not in its group (yet), or removed from it. */
    public static final int CONVERSATION = 10;
    /** The message is safe in the outbox but was not sent (the gateway was unreachable or refused for now). */
    public static final int QUEUED = 11;

    /** The table printed at the end of {@code parley --help}. */
    static final String HELP_TABLE = """
            Exit codes:
              0  ok
              1  error (local failure)
              2  usage error (bad command, option or setting)
              3  not signed in (run: parley login)
              4  gateway or realm unreachable
              5  refused by the gateway or the realm (the message names the error code)
              6  this device was revoked (run: parley devices register)
              7  no usable device in this state directory (run: parley devices register)
              8  displaced: a newer connection of this device took over
              9  a user's identity key changed (see: parley contacts verify USER)
             10  the conversation cannot be used from this device (unknown, not added yet, or removed)
             11  queued: the message waits in the outbox and is sent by the next command that reaches the gateway""";

    private ExitCode() {
    }
}
