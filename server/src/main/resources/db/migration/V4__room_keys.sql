-- One row per room, keyed by its set of members (sorted user names, joined by single spaces; a user
-- name has no space): the rule that one set of members makes one room, kept by the database, so two
-- nodes building the same room at once end up with one. Rooms stored before this table existed have
-- no row; every node holds them in memory and finds them there before it asks the store.
CREATE TABLE room_keys (
    members TEXT   NOT NULL PRIMARY KEY,
    room_id BIGINT NOT NULL
);
