-- Milestones of construction-type tasks (issue 21): planned and actual dates of 开工 / 完工 / 验收 per project
-- (project '' is the task itself), the current row and every revision, each in an upload batch (file, who, when).
CREATE TABLE milestones (
    year INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    project VARCHAR NOT NULL,
    region_code VARCHAR,
    planned_start DATE,
    actual_start DATE,
    planned_complete DATE,
    actual_complete DATE,
    planned_accept DATE,
    actual_accept DATE,
    revision_id BIGINT NOT NULL,
    PRIMARY KEY (year, task_code, project)
);

CREATE TABLE milestone_revisions (
    id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    task_code VARCHAR NOT NULL,
    project VARCHAR NOT NULL,
    region_code VARCHAR,
    planned_start DATE,
    actual_start DATE,
    planned_complete DATE,
    actual_complete DATE,
    planned_accept DATE,
    actual_accept DATE,
    previous_revision BIGINT,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL
);
