-- The departments' own word (进展说明): per (year, task, month) every version a department or an
-- administrator wrote, with the confidence rating (confident / at_risk / unlikely). Never updated in place:
-- the latest version is the one with the highest number. Portable SQL: versions are MAX+1 inside the
-- writing transaction.

CREATE TABLE narratives (
    year INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    month INTEGER NOT NULL,
    version INTEGER NOT NULL,
    confidence VARCHAR NOT NULL,
    progress VARCHAR NOT NULL,
    problems VARCHAR NOT NULL,
    next_steps VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    written_by VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL,
    source VARCHAR,
    PRIMARY KEY (year, task_code, month, version)
);
