-- Integrity of a DuckDB store at open (db/integrity.py).

-- name: revisions_per_batch
-- A scan: no index serves GROUP BY, so this counts every revision stored.
SELECT batch_id, count(*) FROM figure_revisions GROUP BY batch_id;

-- name: revisions_found_of_batch
-- The access path of rollback and history: DuckDB answers it from figure_revisions_by_batch when the index
-- finds few rows.
SELECT count(*) FROM figure_revisions WHERE batch_id = $batch_id;

-- name: explicit_indexes
-- The CREATE INDEX indexes (DuckDB lists constraint indexes elsewhere), with the statement that made each.
SELECT index_name, table_name, sql FROM duckdb_indexes()
WHERE database_name = current_database() AND schema_name = current_schema() AND sql IS NOT NULL
ORDER BY index_name;
