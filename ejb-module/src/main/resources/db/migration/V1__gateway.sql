-- The gateway that owns this database (see GatewayBootstrap).
CREATE TABLE gateway (
    gateway_id VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_gateway PRIMARY KEY (gateway_id)
);
