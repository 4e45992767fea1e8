-- The monthly reporting cycle (报送审核) per department and month, and the supervision ledger (督办台账).
-- Portable SQL only: no sequences, no foreign keys; ids are MAX+1 inside the writing transaction.

-- One row per department and month that anyone has acted on (absent = open); every step in period_events.
CREATE TABLE periods (
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    department VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    submitted_at TIMESTAMP,
    submitted_by VARCHAR,
    decided_at TIMESTAMP,
    decided_by VARCHAR,
    remark VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, month, department)
);

CREATE TABLE period_events (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    department VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    from_state VARCHAR NOT NULL,
    to_state VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    remark VARCHAR
);

CREATE TABLE supervision_items (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    subject_kind VARCHAR NOT NULL,
    subject_code VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    as_of INTEGER NOT NULL,
    reason_zh VARCHAR NOT NULL,
    reason_en VARCHAR NOT NULL,
    measures VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    person VARCHAR,
    deadline DATE NOT NULL,
    state VARCHAR NOT NULL,
    opened_by VARCHAR NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    closed_by VARCHAR,
    closed_at TIMESTAMP,
    evidence VARCHAR,
    suggestion_key VARCHAR
);

CREATE TABLE supervision_notes (
    id BIGINT PRIMARY KEY,
    item_id BIGINT NOT NULL,
    noted_at TIMESTAMP NOT NULL,
    author VARCHAR NOT NULL,
    body VARCHAR NOT NULL
);

-- An administrator's decision on a suggestion of month M: accepted (with the item it opened) or dismissed.
CREATE TABLE supervision_decisions (
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    suggestion_key VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,
    item_id BIGINT,
    remark VARCHAR,
    decided_by VARCHAR NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, month, suggestion_key)
);

CREATE INDEX period_events_by_period ON period_events (year, month, department);
CREATE INDEX supervision_notes_by_item ON supervision_notes (item_id);
