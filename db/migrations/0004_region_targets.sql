-- Province targets broken down by region (目标分解), with every revision kept.
CREATE TABLE region_targets (
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    revision_id BIGINT NOT NULL,
    PRIMARY KEY (year, indicator_code, region_code)
);

CREATE TABLE region_target_revisions (
    id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    target DOUBLE,
    previous_target DOUBLE,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL
);
