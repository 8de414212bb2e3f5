-- Cluster mode (several nodes on one PostgreSQL). Portable like the rest, though only PostgreSQL
-- uses these tables: a single server never writes them.

-- The numbers every node hands out inside its commit transaction: 'broadcasts', 'direct_messages',
-- 'rooms', and 'room:<id>' for each room's messages. The row lock taken by the increment is held to
-- the commit, so numbers follow commit order across the cluster and a rollback takes its number back.
CREATE TABLE counters (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);

-- Per node: what store_state holds for a single server (the writer's last transaction number and
-- the last moment it committed).
CREATE TABLE node_state (
    node_id          TEXT   NOT NULL PRIMARY KEY,
    last_transaction BIGINT NOT NULL,
    alive_at         BIGINT NOT NULL
);

-- Per node: its lease, renewed by its heartbeat; a node whose lease has ended is taken for dead.
CREATE TABLE cluster_nodes (
    node_id     TEXT   NOT NULL PRIMARY KEY,
    lease_until BIGINT NOT NULL,
    beat_at     BIGINT NOT NULL
);

-- One row per logged-in user: the node serving the session. The primary key is the one-login rule.
CREATE TABLE login_claims (
    username     TEXT    NOT NULL PRIMARY KEY,
    node_id      TEXT    NOT NULL,
    login_at     BIGINT  NOT NULL,
    ip           TEXT    NOT NULL,
    udp_port     INTEGER NOT NULL,
    private_port INTEGER NOT NULL
);
CREATE INDEX login_claims_node ON login_claims (node_id);
