-- Investment (投资), in 万元: each task's planned annual investment (from the official task table) and, monthly,
-- the cumulative investment completed, by source (central, provincial, county, other; NULL when not stated).
-- Completed amounts keep every revision (who, when, which batch and file, the row and column); the current
-- amount per task and month is the revision that no later one superseded. Portable SQL: ids are MAX+1 inside
-- the writing transaction.

CREATE TABLE investment_plans (
    year INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    total DOUBLE NOT NULL,
    central DOUBLE,
    provincial DOUBLE,
    county DOUBLE,
    other DOUBLE,
    filename VARCHAR,
    recorded_by VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, task_code)
);

CREATE TABLE investment_batches (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    filename VARCHAR,
    sha256 VARCHAR,
    content BLOB,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL,
    changed_count INTEGER NOT NULL,
    unchanged_count INTEGER NOT NULL,
    warnings_confirmed INTEGER NOT NULL
);

CREATE TABLE investment_revisions (
    id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    month INTEGER NOT NULL,
    total DOUBLE NOT NULL,
    central DOUBLE,
    provincial DOUBLE,
    county DOUBLE,
    other DOUBLE,
    previous_revision_id BIGINT,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    source_row INTEGER,
    source_column VARCHAR,
    superseded_by BIGINT
);

CREATE INDEX investment_revisions_by_key ON investment_revisions (year, task_code, month);
