package dev.parley.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParleyErrorTest {

    @Test
    void codesAreSnakeCaseAndRoundTrip() {
        for (ParleyError error : ParleyError.values()) {
            assertThat(error.code()).matches("[a-z]+(_[a-z]+)*");
            assertThat(ParleyError.fromCode(error.code())).isSameAs(error);
        }
        assertThat(ParleyError.fromCode("no_such_code")).isNull();
    }

    @Test
    void everyErrorTellsWhatToDoAndHasAnErrorStatus() {
        assertThat(ParleyError.values()).allSatisfy(error -> {
            assertThat(error.hint()).isNotBlank().endsWith(".");
            assertThat(error.httpStatus()).isBetween(400, 599);
        });
    }

    @Test
    void anExceptionCarriesItsCodeToTheWire() {
        ParleyException exception = new ParleyException(ParleyError.TOKEN_EXPIRED);

        assertThat(exception.toResponse()).isEqualTo(new ErrorResponse("token_expired", ParleyError.TOKEN_EXPIRED.hint()));
        assertThat(Arrays.stream(ParleyError.values()).map(ParleyError::code).distinct()).hasSize(ParleyError.values().length);
    }
}
