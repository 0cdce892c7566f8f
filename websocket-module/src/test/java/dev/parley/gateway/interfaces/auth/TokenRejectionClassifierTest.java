package dev.parley.gateway.interfaces.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.error.ParleyError;
import java.util.List;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.Test;

class TokenRejectionClassifierTest {

    @Test
    void namesEachJose4jFailure() {
        assertThat(classify(ErrorCodes.EXPIRED)).isEqualTo(ParleyError.TOKEN_EXPIRED);
        assertThat(classify(ErrorCodes.SIGNATURE_INVALID)).isEqualTo(ParleyError.TOKEN_SIGNATURE_INVALID);
        assertThat(classify(ErrorCodes.AUDIENCE_INVALID)).isEqualTo(ParleyError.TOKEN_AUDIENCE_MISMATCH);
        assertThat(classify(ErrorCodes.AUDIENCE_MISSING)).isEqualTo(ParleyError.TOKEN_AUDIENCE_MISMATCH);
        assertThat(classify(ErrorCodes.ISSUER_INVALID)).isEqualTo(ParleyError.TOKEN_ISSUER_MISMATCH);
        assertThat(classify(ErrorCodes.NOT_YET_VALID)).isEqualTo(ParleyError.TOKEN_NOT_YET_VALID);
        assertThat(classify(ErrorCodes.MALFORMED_CLAIM)).isEqualTo(ParleyError.TOKEN_MALFORMED);
    }

    @Test
    void findsTheReasonDeepInTheCauseChain() {
        Exception wrapped = new IllegalStateException("parse failed", new RuntimeException(invalid(ErrorCodes.EXPIRED)));

        assertThat(TokenRejectionClassifier.classify(wrapped)).isEqualTo(ParleyError.TOKEN_EXPIRED);
    }

    @Test
    void anUnknownSigningKeyIsAnInvalidSignature() {
        Exception failure = new IllegalStateException(new UnresolvableKeyException("no key with kid x"));

        assertThat(TokenRejectionClassifier.classify(failure)).isEqualTo(ParleyError.TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void anythingElseIsMalformed() {
        assertThat(TokenRejectionClassifier.classify(new IllegalArgumentException("?"))).isEqualTo(ParleyError.TOKEN_MALFORMED);
    }

    private static ParleyError classify(int errorCode) {
        return TokenRejectionClassifier.classify(invalid(errorCode));
    }

    private static InvalidJwtException invalid(int errorCode) {
        return new InvalidJwtException("rejected", List.of(new ErrorCodeValidator.Error(errorCode, "detail")), null);
    }
}
