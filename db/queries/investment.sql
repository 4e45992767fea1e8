-- name: investment_plans_of_year
SELECT task_code, total, central, provincial, county, other FROM investment_plans WHERE year = $year;

-- name: investment_plan_delete
DELETE FROM investment_plans WHERE year = $year AND task_code = $task;

-- name: investment_plan_insert
INSERT INTO investment_plans (year, task_code, total, central, provincial, county, other, filename, recorded_by,
                              recorded_at)
VALUES ($year, $task, $total, $central, $provincial, $county, $other, $filename, $recorded_by, $recorded_at);

-- name: investment_current_of_year
SELECT id, task_code, month, total, central, provincial, county, other
FROM investment_revisions WHERE year = $year AND superseded_by IS NULL;

-- name: investment_batch_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM investment_batches;

-- name: investment_batch_insert
INSERT INTO investment_batches (id, year, filename, sha256, content, uploaded_by, uploaded_at, rows_read,
                                changed_count, unchanged_count, warnings_confirmed)
VALUES ($id, $year, $filename, $sha256, $content, $uploaded_by, $uploaded_at, $rows_read, $changed_count,
        $unchanged_count, $warnings_confirmed);

-- name: investment_revision_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM investment_revisions;

-- name: investment_revision_insert
INSERT INTO investment_revisions (id, batch_id, year, task_code, month, total, central, provincial, county, other,
                                  previous_revision_id, recorded_at, recorded_by, source_row, source_column,
                                  superseded_by)
VALUES ($id, $batch_id, $year, $task, $month, $total, $central, $provincial, $county, $other, $previous,
        $recorded_at, $recorded_by, $row, $column, NULL);

-- name: investment_revision_supersede
UPDATE investment_revisions SET superseded_by = $by WHERE id = $id;

-- name: investment_history_of_task
SELECT r.id AS revision, r.batch_id AS batch, r.month, r.total, r.central, r.provincial, r.county, r.other,
       r.previous_revision_id AS previous, r.superseded_by, r.recorded_at, r.recorded_by, b.filename, b.sha256,
       r.source_row AS "row", r.source_column AS "column"
FROM investment_revisions r JOIN investment_batches b ON b.id = r.batch_id
WHERE r.year = $year AND r.task_code = $task
ORDER BY r.id;
