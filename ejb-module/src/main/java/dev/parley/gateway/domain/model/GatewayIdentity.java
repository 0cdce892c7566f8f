package dev.parley.gateway.domain.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The gateway that owns this database. Conversations record their home gateway by id, so a database
 * belongs to exactly one gateway id for its whole life; this row is the proof.
 */
@Entity
@Table(name = "gateway")
public class GatewayIdentity {

    @Id
    @Column(name = "gateway_id", length = 64, nullable = false, updatable = false)
    private String gatewayId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected GatewayIdentity() {
    }

    public GatewayIdentity(String gatewayId, Instant createdAt) {
        this.gatewayId = gatewayId;
        this.createdAt = createdAt;
    }

    public String gatewayId() {
        return gatewayId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
