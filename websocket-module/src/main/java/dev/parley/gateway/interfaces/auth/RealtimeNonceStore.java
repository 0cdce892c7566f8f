package dev.parley.gateway.interfaces.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Single-use nonces for the device proof of doors that cannot say hello first (SSE): issued to a user, redeemed once
 * within 30 s by that user's device proof. Same rules as connect tickets, kept apart from them.
 */
@ApplicationScoped
@Typed(RealtimeNonceStore.class)
public class RealtimeNonceStore extends ConnectTicketStore {
}
