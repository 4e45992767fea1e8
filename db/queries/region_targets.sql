-- name: region_targets_of_year
SELECT indicator_code, region_code, target, revision_id FROM region_targets WHERE year = $year;

-- name: region_target_insert
INSERT INTO region_targets (year, indicator_code, region_code, target, revision_id)
VALUES ($year, $code, $region, $target, $revision_id);

-- name: region_target_update
UPDATE region_targets SET target = $target, revision_id = $revision_id
WHERE year = $year AND indicator_code = $code AND region_code = $region;

-- name: region_target_delete
DELETE FROM region_targets WHERE year = $year AND indicator_code = $code AND region_code = $region;

-- name: region_target_revision_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM region_target_revisions;

-- name: region_target_revision_insert
INSERT INTO region_target_revisions (id, batch_id, year, indicator_code, region_code, target,
                                     previous_target, recorded_at, recorded_by)
VALUES ($id, $batch_id, $year, $code, $region, $target, $previous_target, $recorded_at, $recorded_by);

-- name: region_target_history
SELECT r.id AS revision, r.batch_id AS batch, r.region_code AS region, r.target, r.previous_target, r.recorded_at,
       r.recorded_by, b.filename
FROM region_target_revisions r JOIN upload_batches b ON b.id = r.batch_id
WHERE r.year = $year AND r.indicator_code = $code ORDER BY r.id;

-- name: region_target_batches_of_year
SELECT b.id AS batch, b.kind, b.filename, b.sha256, b.uploaded_by, b.uploaded_at, r.indicator_code AS code,
       r.region_code AS region, r.previous_target, r.target
FROM region_target_revisions r JOIN upload_batches b ON b.id = r.batch_id
WHERE r.year = $year ORDER BY b.id DESC, r.id;
