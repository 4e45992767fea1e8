-- The departments' own word (db/narratives.py).

-- name: narrative_next_version
SELECT COALESCE(MAX(version), 0) + 1 FROM narratives WHERE year = $year AND task_code = $task_code AND month = $month;

-- name: narrative_insert
INSERT INTO narratives (year, task_code, month, version, confidence, progress, problems, next_steps, department,
                        written_by, written_at, source)
VALUES ($year, $task_code, $month, $version, $confidence, $progress, $problems, $next_steps, $department,
        $written_by, $written_at, $source);

-- name: narratives_of_year
SELECT year, task_code, month, version, confidence, progress, problems, next_steps, department, written_by,
       written_at, source
FROM narratives WHERE year = $year ORDER BY task_code, month, version;
