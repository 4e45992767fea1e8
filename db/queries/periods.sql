-- The monthly reporting cycle: one row per department and month acted on, and every step.

-- name: periods_of_year
SELECT month, department, state, submitted_at, submitted_by, decided_at, decided_by, remark
FROM periods WHERE year = $year ORDER BY month, department;

-- name: period_get
SELECT month, department, state, submitted_at, submitted_by, decided_at, decided_by, remark
FROM periods WHERE year = $year AND month = $month AND department = $department;

-- name: period_insert
INSERT INTO periods (year, month, department, state, submitted_at, submitted_by, decided_at, decided_by,
                     remark, updated_at)
VALUES ($year, $month, $department, $state, $submitted_at, $submitted_by, $decided_at, $decided_by,
        $remark, $updated_at);

-- name: period_update
UPDATE periods SET state = $state, submitted_at = $submitted_at, submitted_by = $submitted_by,
                   decided_at = $decided_at, decided_by = $decided_by, remark = $remark,
                   updated_at = $updated_at
WHERE year = $year AND month = $month AND department = $department;

-- name: periods_locked
SELECT month, department FROM periods
WHERE year = $year AND state IN ('approved', 'locked');

-- name: period_event_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM period_events;

-- name: period_event_insert
INSERT INTO period_events (id, year, month, department, action, from_state, to_state, actor, occurred_at, remark)
VALUES ($id, $year, $month, $department, $action, $from_state, $to_state, $actor, $occurred_at, $remark);

-- name: period_events_of_year
SELECT id, month, department, action, from_state AS "from", to_state AS "to", actor, occurred_at AS "at", remark
FROM period_events WHERE year = $year ORDER BY id;

-- name: reported_months_of_year
SELECT DISTINCT indicator_code, month FROM figures WHERE year = $year;
