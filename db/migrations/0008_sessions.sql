-- Signed-in sessions kept in the store, so a refresh, a new tab or another app server finds them, and a
-- sign-out or a disabled account ends them everywhere. The browser holds only a signed cookie naming the row.
CREATE TABLE sessions (
    id VARCHAR PRIMARY KEY,
    account VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    ended_reason VARCHAR
);
