-- name: trajectories_of_year
SELECT indicator_code, shares FROM trajectories WHERE year = $year;

-- name: trajectory_delete
DELETE FROM trajectories WHERE year = $year AND indicator_code = $code;

-- name: trajectory_insert
INSERT INTO trajectories (year, indicator_code, shares, updated_by, updated_at)
VALUES ($year, $code, $shares, $updated_by, $updated_at);

-- name: revisions_until
SELECT id, batch_id, indicator_code, region_code, month, value, previous_value, recorded_at, recorded_by
FROM figure_revisions WHERE year = $year AND recorded_at < $until ORDER BY id;

-- name: trajectory_rows_of_year
SELECT indicator_code, shares, updated_by, updated_at FROM trajectories WHERE year = $year;

-- The figures of a year kept in memory are brought up to date from the revisions written since (db.status).
-- Every figure revision belongs to a batch of the year, so the year's batches (a few hundred rows at most, where
-- its figures are 72,000) say whether and where the figures changed.
-- name: figures_fingerprint
SELECT count(*), coalesce(max(id), 0) FROM upload_batches WHERE year = $year;

-- name: figure_changes_since
SELECT id, indicator_code, region_code, month, value FROM figure_revisions
WHERE year = $year AND batch_id > $since ORDER BY id;
