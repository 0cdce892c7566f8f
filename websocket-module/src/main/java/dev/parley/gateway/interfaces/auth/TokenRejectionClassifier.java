package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.interfaces.http.Causes;
import dev.parley.protocol.error.ParleyError;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Names why the MicroProfile JWT parser refused a token. The parser reports failures as exception chains
 * with jose4j error codes; clients need one stable code per reason instead.
 */
final class TokenRejectionClassifier {

    private TokenRejectionClassifier() {
    }

    static ParleyError classify(Throwable failure) {
        InvalidJwtException invalid = Causes.find(failure, InvalidJwtException.class);
        if (invalid != null) {
            ParleyError byCode = byErrorCode(invalid);
            if (byCode != null) {
                return byCode;
            }
        }
        UnresolvableKeyException unresolvable = Causes.find(failure, UnresolvableKeyException.class);
        if (unresolvable != null) {
            return ParleyError.TOKEN_SIGNATURE_INVALID;
        }
        return ParleyError.TOKEN_MALFORMED;
    }

    private static ParleyError byErrorCode(InvalidJwtException invalid) {
        if (invalid.hasExpired()) {
            return ParleyError.TOKEN_EXPIRED;
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return ParleyError.TOKEN_SIGNATURE_INVALID;
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return ParleyError.TOKEN_AUDIENCE_MISMATCH;
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return ParleyError.TOKEN_ISSUER_MISMATCH;
        }
        if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID) || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return ParleyError.TOKEN_NOT_YET_VALID;
        }
        for (ErrorCodeValidator.Error detail : invalid.getErrorDetails()) {
            if (detail.getErrorCode() == ErrorCodes.SIGNATURE_MISSING) {
                return ParleyError.TOKEN_SIGNATURE_INVALID;
            }
        }
        return null;
    }
}
