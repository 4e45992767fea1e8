-- name: figures_of_year
SELECT indicator_code, region_code, month, value, revision_id FROM figures WHERE year = $year;

-- name: figure_get
SELECT value, revision_id FROM figures
WHERE year = $year AND indicator_code = $code AND region_code = $region AND month = $month;

-- name: revision_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM figure_revisions;

-- name: revisions_of_year
SELECT id, batch_id, indicator_code, region_code, month, value, previous_value, recorded_at, recorded_by
FROM figure_revisions WHERE year = $year ORDER BY id;

-- name: revisions_of_batch
SELECT id, batch_id, indicator_code, region_code, month, value, previous_value, recorded_at, recorded_by
FROM figure_revisions WHERE batch_id = $batch_id ORDER BY id;

-- name: revisions_of_indicator
SELECT r.id AS revision, r.batch_id AS batch, r.region_code AS region, r.month, r.value, r.previous_value,
       r.recorded_at, r.recorded_by, b.kind AS batch_kind, b.filename, b.sha256, r.source_row AS "row",
       r.source_column AS "column"
FROM figure_revisions r JOIN upload_batches b ON b.id = r.batch_id
WHERE r.year = $year AND r.indicator_code = $code
ORDER BY r.id;

-- name: batch_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM upload_batches;

-- name: batch_insert
INSERT INTO upload_batches (id, year, kind, filename, sha256, size_bytes, uploaded_by, uploaded_at,
                            rows_read, new_count, changed_count, unchanged_count,
                            warnings_confirmed, summary, rolls_back, rolled_back_by)
VALUES ($id, $year, $kind, $filename, $sha256, $size_bytes, $uploaded_by, $uploaded_at,
        $rows_read, $new_count, $changed_count, $unchanged_count, $warnings_confirmed, $summary,
        $rolls_back, NULL);

-- name: batch_get
SELECT id, year, kind, filename, sha256, size_bytes, uploaded_by, uploaded_at, rows_read,
       new_count AS new, changed_count AS changed, unchanged_count AS unchanged, warnings_confirmed, summary,
       rolls_back, rolled_back_by
FROM upload_batches WHERE id = $id;

-- name: batches_of_year
SELECT id, year, kind, filename, sha256, size_bytes, uploaded_by, uploaded_at, rows_read,
       new_count AS new, changed_count AS changed, unchanged_count AS unchanged, warnings_confirmed, summary,
       rolls_back, rolled_back_by
FROM upload_batches WHERE year = $year ORDER BY id DESC;

-- name: batch_mark_rolled_back
UPDATE upload_batches SET rolled_back_by = $rolled_back_by WHERE id = $id;

-- name: file_insert
INSERT INTO upload_files (batch_id, content) VALUES ($batch_id, $content);

-- name: file_get
SELECT content FROM upload_files WHERE batch_id = $batch_id;

-- name: last_change
SELECT MAX(uploaded_at) FROM upload_batches WHERE year = $year;

-- Bulk writes of one batch: the rows come from an Arrow table registered as figure_rows (db/figures.py).

-- name: revisions_insert_from
INSERT INTO figure_revisions (id, batch_id, year, indicator_code, region_code, month, value,
                              previous_value, previous_revision_id, recorded_at, recorded_by,
                              source_row, source_column)
SELECT id, batch_id, year, indicator_code, region_code, month, value, previous_value,
       previous_revision_id, recorded_at, recorded_by, source_row, source_column
FROM figure_rows;

-- name: figures_insert_from
INSERT INTO figures (year, indicator_code, region_code, month, value, revision_id)
SELECT year, indicator_code, region_code, month, value, revision_id FROM figure_rows;

-- name: figures_update_from
UPDATE figures SET value = r.value, revision_id = r.revision_id
FROM figure_rows r
WHERE figures.year = r.year AND figures.indicator_code = r.indicator_code
  AND figures.region_code = r.region_code AND figures.month = r.month;

-- name: figures_delete_from
DELETE FROM figures
WHERE EXISTS (SELECT 1 FROM figure_rows r
              WHERE figures.year = r.year AND figures.indicator_code = r.indicator_code
                AND figures.region_code = r.region_code AND figures.month = r.month);

-- name: revision_counts_by_batch
-- Counted by grouping, not by a filter on batch_id: a pushed-down filter can miss rows of a damaged column
-- (docs/duckdb-kill9-repro.md), a full grouping scan does not.
SELECT batch_id, count(*) FROM figure_revisions GROUP BY batch_id;

-- name: indicator_codes_of_year
SELECT code FROM indicators WHERE year = $year;

-- name: region_codes
SELECT code FROM regions;
