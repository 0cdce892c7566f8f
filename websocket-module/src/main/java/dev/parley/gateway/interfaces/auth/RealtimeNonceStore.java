package dev.parley.gateway.interfaces.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Single-use nonces for the device proof of doors that cannot say hello first (SSE): issued to a user, redeemed once
 * within 30 s by that user's device proof. Same rules and limits as connect tickets, kept (and counted) apart from them.
 */
@ApplicationScoped
@Typed(RealtimeNonceStore.class)
public class RealtimeNonceStore extends ConnectTicketStore {

    @Override
    protected String what() {
        return "realtime nonces";
    }
}
