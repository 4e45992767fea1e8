-- Per-indicator schedules (trajectories) set by admins, with who and when.
CREATE TABLE trajectories (
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    shares VARCHAR NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, indicator_code)
);
