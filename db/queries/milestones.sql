-- name: milestones_of_year
SELECT task_code, project, region_code, planned_start, actual_start, planned_complete, actual_complete,
       planned_accept, actual_accept, revision_id
FROM milestones WHERE year = $year ORDER BY task_code, project;

-- name: milestone_insert
INSERT INTO milestones (year, task_code, project, region_code, planned_start, actual_start, planned_complete,
                        actual_complete, planned_accept, actual_accept, revision_id)
VALUES ($year, $task_code, $project, $region_code, $planned_start, $actual_start, $planned_complete,
        $actual_complete, $planned_accept, $actual_accept, $revision_id);

-- name: milestone_update
UPDATE milestones SET region_code = $region_code, planned_start = $planned_start, actual_start = $actual_start,
       planned_complete = $planned_complete, actual_complete = $actual_complete, planned_accept = $planned_accept,
       actual_accept = $actual_accept, revision_id = $revision_id
WHERE year = $year AND task_code = $task_code AND project = $project;

-- name: milestone_revision_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM milestone_revisions;

-- name: milestone_revision_insert
INSERT INTO milestone_revisions (id, batch_id, year, task_code, project, region_code, planned_start, actual_start,
                                 planned_complete, actual_complete, planned_accept, actual_accept,
                                 previous_revision, recorded_at, recorded_by)
VALUES ($id, $batch_id, $year, $task_code, $project, $region_code, $planned_start, $actual_start,
        $planned_complete, $actual_complete, $planned_accept, $actual_accept, $previous_revision, $recorded_at,
        $recorded_by);

-- name: milestone_history
SELECT r.id AS revision, r.batch_id AS batch, r.task_code, r.project, r.region_code, r.planned_start,
       r.actual_start, r.planned_complete, r.actual_complete, r.planned_accept, r.actual_accept,
       r.previous_revision, r.recorded_at, r.recorded_by, b.filename, b.sha256
FROM milestone_revisions r JOIN upload_batches b ON b.id = r.batch_id
WHERE r.year = $year ORDER BY r.id;
