-- Reminders (issue 21, item 5): an account's e-mail address and language, the in-app notices, and every
-- delivery of a reminder on record so that a second run sends nothing twice and a failure is retried.
-- reminder_key names the reminder (kind:department:period:ref); a delivery is one reminder to one recipient on one
-- channel (app, email, webhook). Portable SQL: ids are MAX+1 inside the writing transaction.

ALTER TABLE users ADD COLUMN email VARCHAR;
ALTER TABLE users ADD COLUMN lang VARCHAR;

CREATE TABLE notices (
    id BIGINT PRIMARY KEY,
    recipient VARCHAR NOT NULL,
    reminder_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    department VARCHAR,
    year INTEGER,
    month INTEGER,
    subject VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    link VARCHAR,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);

CREATE INDEX notices_by_recipient ON notices (recipient);

CREATE TABLE reminder_deliveries (
    id BIGINT PRIMARY KEY,
    reminder_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    department VARCHAR,
    year INTEGER,
    month INTEGER,
    due DATE,
    address VARCHAR,
    subject VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    error VARCHAR,
    first_at TIMESTAMP NOT NULL,
    last_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);

CREATE INDEX reminder_deliveries_by_key ON reminder_deliveries (reminder_key);
