package dev.parley.protocol.error;

/** {@link ParleyError#STALE_EPOCH}, carrying the epoch the conversation is at. */
public class StaleEpochException extends ParleyException {

    private static final long serialVersionUID = 1L;

    private final long currentEpoch;

    public StaleEpochException(long messageEpoch, long currentEpoch) {
        super(ParleyError.STALE_EPOCH, "The message is for epoch " + messageEpoch + " but the conversation is at epoch "
                + currentEpoch + ". Fetch and process the log, then rebuild it and retry.");
        this.currentEpoch = currentEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    @Override
    public ErrorResponse toResponse() {
        return new ErrorResponse(error().code(), getMessage(), retryAfterSeconds(), currentEpoch);
    }
}
