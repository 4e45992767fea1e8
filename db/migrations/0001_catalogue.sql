-- The plan catalogue, the regions, settings and the append-only audit log.
-- Portable SQL only (DuckDB and PostgreSQL attached through DuckDB): no sequences, no foreign
-- keys, ids assigned by the repository inside the writing transaction.

CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE regions (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    aliases VARCHAR NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE plans (
    year INTEGER PRIMARY KEY,
    declared_tasks INTEGER NOT NULL,
    declared_areas INTEGER NOT NULL,
    title_zh VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    declaration_file VARCHAR,
    declaration_quote VARCHAR,
    origin VARCHAR NOT NULL,
    origin_hash VARCHAR,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE areas (
    year INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (year, code)
);

CREATE TABLE tasks (
    year INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_quote VARCHAR NOT NULL,
    lead_unit VARCHAR,
    lead_unit_source_file VARCHAR,
    lead_unit_source_quote VARCHAR,
    responsible_units VARCHAR,
    position INTEGER NOT NULL,
    PRIMARY KEY (year, code)
);

CREATE TABLE indicators (
    year INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    task_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    unit_zh VARCHAR NOT NULL,
    unit_en VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    stated VARCHAR NOT NULL,
    lead_unit VARCHAR,
    source_file VARCHAR NOT NULL,
    source_quote VARCHAR NOT NULL,
    last_year_value DOUBLE,
    last_year_stated VARCHAR,
    last_year_source_file VARCHAR,
    last_year_source_quote VARCHAR,
    deadline_month INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (year, code)
);

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    object VARCHAR,
    detail VARCHAR
);
