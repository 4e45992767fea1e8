-- Objections (异议) to a public disclosure, sent through the separate form service (objection_service/).
-- name and contact are personal data: shown to administrators only, never published. The client address is
-- kept only as a keyed hash (ip_hash), enough to count submissions per address for the rate limit.
-- question is the text as an administrator edited it for publication. Portable SQL: ids are MAX+1 inside the
-- writing transaction.

CREATE TABLE objections (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    task_code VARCHAR,
    text VARCHAR NOT NULL,
    name VARCHAR,
    contact VARCHAR,
    ip_hash VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    state VARCHAR NOT NULL,
    reply VARCHAR,
    replied_by VARCHAR,
    replied_at TIMESTAMP,
    question VARCHAR,
    published_by VARCHAR,
    published_at TIMESTAMP,
    reason VARCHAR,
    rejected_by VARCHAR,
    rejected_at TIMESTAMP
);

CREATE INDEX objections_submitted ON objections (submitted_at);
