-- name: plan_get
SELECT year, declared_tasks, declared_areas, title_zh, title_en, declaration_file,
       declaration_quote, origin, origin_hash, updated_at
FROM plans WHERE year = $year;

-- name: plan_years
SELECT year FROM plans ORDER BY year;

-- name: plan_insert
INSERT INTO plans (year, declared_tasks, declared_areas, title_zh, title_en, declaration_file,
                   declaration_quote, origin, origin_hash, updated_at)
VALUES ($year, $declared_tasks, $declared_areas, $title_zh, $title_en, $declaration_file,
        $declaration_quote, $origin, $origin_hash, $updated_at);

-- name: plan_update
UPDATE plans SET declared_tasks = $declared_tasks, declared_areas = $declared_areas,
       title_zh = $title_zh, title_en = $title_en, declaration_file = $declaration_file,
       declaration_quote = $declaration_quote, origin = $origin, origin_hash = $origin_hash,
       updated_at = $updated_at
WHERE year = $year;

-- name: areas_of_plan
SELECT code, name_zh, name_en, position FROM areas WHERE year = $year ORDER BY position, code;

-- name: area_delete
DELETE FROM areas WHERE year = $year AND code = $code;

-- name: area_insert
INSERT INTO areas (year, code, name_zh, name_en, position)
VALUES ($year, $code, $name_zh, $name_en, $position);

-- name: tasks_of_plan
SELECT code, area_code, name_zh, name_en, source_file, source_quote, lead_unit,
       lead_unit_source_file, lead_unit_source_quote, responsible_units, position
FROM tasks WHERE year = $year ORDER BY position, code;

-- name: task_delete
DELETE FROM tasks WHERE year = $year AND code = $code;

-- name: task_insert
INSERT INTO tasks (year, code, area_code, name_zh, name_en, source_file, source_quote, lead_unit,
                   lead_unit_source_file, lead_unit_source_quote, responsible_units, position)
VALUES ($year, $code, $area_code, $name_zh, $name_en, $source_file, $source_quote, $lead_unit,
        $lead_unit_source_file, $lead_unit_source_quote, $responsible_units, $position);

-- name: indicators_of_plan
SELECT code, task_code, area_code, name_zh, name_en, unit_zh, unit_en, kind, target, stated,
       lead_unit, source_file, source_quote, last_year_value, last_year_stated,
       last_year_source_file, last_year_source_quote, deadline_month, position, direction
FROM indicators WHERE year = $year ORDER BY position, code;

-- name: indicator_delete
DELETE FROM indicators WHERE year = $year AND code = $code;

-- name: indicator_insert
INSERT INTO indicators (year, code, task_code, area_code, name_zh, name_en, unit_zh, unit_en,
                        kind, target, stated, lead_unit, source_file, source_quote,
                        last_year_value, last_year_stated, last_year_source_file,
                        last_year_source_quote, deadline_month, position, direction)
VALUES ($year, $code, $task_code, $area_code, $name_zh, $name_en, $unit_zh, $unit_en, $kind,
        $target, $stated, $lead_unit, $source_file, $source_quote, $last_year_value,
        $last_year_stated, $last_year_source_file, $last_year_source_quote, $deadline_month,
        $position, $direction);

-- name: regions_all
SELECT code, name_zh, name_en, kind, aliases, position FROM regions ORDER BY position;

-- name: region_delete
DELETE FROM regions WHERE code = $code;

-- name: region_insert
INSERT INTO regions (code, name_zh, name_en, kind, aliases, position)
VALUES ($code, $name_zh, $name_en, $kind, $aliases, $position);
