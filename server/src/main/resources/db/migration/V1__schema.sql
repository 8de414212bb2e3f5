-- Parley schema. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT). Ids and numbers are assigned by the application (the
-- single writer), so no vendor-specific identity columns are needed.

CREATE TABLE accounts (
    username      TEXT NOT NULL PRIMARY KEY,
    password_hash TEXT NOT NULL
);

CREATE TABLE blocks (
    blocker TEXT NOT NULL,
    blocked TEXT NOT NULL,
    PRIMARY KEY (blocker, blocked)
);

CREATE TABLE direct_messages (
    id           BIGINT NOT NULL PRIMARY KEY,
    sender       TEXT   NOT NULL,
    recipient    TEXT   NOT NULL,
    body         TEXT   NOT NULL,
    sent_at      BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX direct_messages_pending ON direct_messages (recipient, delivered_at, id);

CREATE TABLE broadcasts (
    number  BIGINT NOT NULL PRIMARY KEY,
    sender  TEXT   NOT NULL,
    body    TEXT   NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX broadcasts_sent_at ON broadcasts (sent_at);

CREATE TABLE rooms (
    id         BIGINT NOT NULL PRIMARY KEY,
    created_by TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE room_members (
    room_id  BIGINT  NOT NULL REFERENCES rooms (id),
    ordinal  INTEGER NOT NULL,
    username TEXT    NOT NULL,
    PRIMARY KEY (room_id, ordinal)
);

CREATE TABLE room_messages (
    room_id BIGINT NOT NULL REFERENCES rooms (id),
    number  BIGINT NOT NULL,
    sender  TEXT   NOT NULL,
    body    TEXT   NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, number)
);
CREATE INDEX room_messages_sent_at ON room_messages (room_id, sent_at);

CREATE TABLE login_spans (
    username  TEXT   NOT NULL,
    login_at  BIGINT NOT NULL,
    logout_at BIGINT,
    PRIMARY KEY (username, login_at)
);
CREATE INDEX login_spans_logout_at ON login_spans (logout_at);

-- One row: the writer's clock at its last commit, the last moment the server is known to have been
-- alive. Login spans left open by a crash are closed at that moment on the next start.
CREATE TABLE store_state (
    id       INTEGER NOT NULL PRIMARY KEY,
    alive_at BIGINT  NOT NULL
);
INSERT INTO store_state (id, alive_at) VALUES (1, 0);
