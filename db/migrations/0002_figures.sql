-- Monthly figures with full history: upload batches (with the original file), revisions, and
-- the current values (derivable from the revisions; kept for fast reads).

CREATE TABLE upload_batches (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    filename VARCHAR,
    sha256 VARCHAR,
    size_bytes BIGINT,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL,
    new_count INTEGER NOT NULL,
    changed_count INTEGER NOT NULL,
    unchanged_count INTEGER NOT NULL,
    warnings_confirmed INTEGER NOT NULL,
    summary VARCHAR,
    rolls_back BIGINT,
    rolled_back_by BIGINT
);

CREATE TABLE upload_files (
    batch_id BIGINT PRIMARY KEY,
    content BLOB NOT NULL
);

CREATE TABLE figure_revisions (
    id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    month INTEGER NOT NULL,
    value DOUBLE,
    previous_value DOUBLE,
    previous_revision_id BIGINT,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    source_row INTEGER,
    source_column VARCHAR
);

CREATE TABLE figures (
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    month INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    revision_id BIGINT NOT NULL,
    PRIMARY KEY (year, indicator_code, region_code, month)
);

CREATE INDEX figure_revisions_by_key ON figure_revisions (year, indicator_code, region_code, month);
CREATE INDEX figure_revisions_by_batch ON figure_revisions (batch_id);
