package dev.parley.gateway.interfaces.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Test;

class JsonbConfigResolverTest {

    private static ConversationsController.AckRequest ack(String json) {
        return JsonbConfigResolver.jsonb().fromJson(json, ConversationsController.AckRequest.class);
    }

    @Test
    void integersAreBoundExactly() {
        assertThat(ack("{\"seq\":42}").seq()).isEqualTo(42);
        assertThat(ack("{\"seq\":-0}").seq()).isZero();
        assertThat(ack("{\"seq\":9223372036854775807}").seq()).isEqualTo(Long.MAX_VALUE);
        assertThat(ack("{}").seq()).isNull();
    }

    @Test
    void aNumberBeyondTheTypeOrWithAFractionIsRefusedNotWrappedOrTruncated() {
        assertThatThrownBy(() -> ack("{\"seq\":18446744073709551617}")).isInstanceOf(JsonbException.class);
        assertThatThrownBy(() -> ack("{\"seq\":9223372036854775808}")).isInstanceOf(JsonbException.class);
        assertThatThrownBy(() -> ack("{\"seq\":1.5}")).isInstanceOf(JsonbException.class);
        assertThatThrownBy(() -> ack("{\"seq\":\"5\"}")).isInstanceOf(JsonbException.class);
        assertThatThrownBy(() -> ack("{\"seq\":true}")).isInstanceOf(JsonbException.class);
    }

    @Test
    void snakeCaseStays() {
        ContactsController.ContactRequestBody body = JsonbConfigResolver.jsonb()
                .fromJson("{\"user_id\":\"u1\",\"unknown\":[1,2]}", ContactsController.ContactRequestBody.class);
        assertThat(body.userId()).isEqualTo("u1");
    }
}
