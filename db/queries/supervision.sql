-- The supervision ledger (督办台账): items, their dated notes, and decisions on suggestions.

-- name: item_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM supervision_items;

-- name: item_insert
INSERT INTO supervision_items (id, year, subject_kind, subject_code, level, as_of, reason_zh, reason_en,
                               measures, department, person, deadline, state, opened_by, opened_at,
                               closed_by, closed_at, evidence, suggestion_key)
VALUES ($id, $year, $subject_kind, $subject_code, $level, $as_of, $reason_zh, $reason_en,
        $measures, $department, $person, $deadline, 'open', $opened_by, $opened_at,
        NULL, NULL, NULL, $suggestion_key);

-- name: item_close
UPDATE supervision_items SET state = 'closed', closed_by = $closed_by, closed_at = $closed_at, evidence = $evidence
WHERE id = $id;

-- name: item_get
SELECT id, year, subject_kind, subject_code, level, as_of, reason_zh, reason_en, measures, department,
       person, deadline, state, opened_by, opened_at, closed_by, closed_at, evidence, suggestion_key
FROM supervision_items WHERE id = $id;

-- name: items_of_year
SELECT id, year, subject_kind, subject_code, level, as_of, reason_zh, reason_en, measures, department,
       person, deadline, state, opened_by, opened_at, closed_by, closed_at, evidence, suggestion_key
FROM supervision_items WHERE year = $year ORDER BY id;

-- name: note_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM supervision_notes;

-- name: note_insert
INSERT INTO supervision_notes (id, item_id, noted_at, author, body)
VALUES ($id, $item_id, $noted_at, $author, $body);

-- name: notes_of_item
SELECT item_id, noted_at, author, body FROM supervision_notes WHERE item_id = $item_id ORDER BY id;

-- name: notes_of_year
SELECT n.item_id, n.noted_at, n.author, n.body
FROM supervision_notes n JOIN supervision_items i ON i.id = n.item_id
WHERE i.year = $year ORDER BY n.id;

-- name: decision_get
SELECT decision, item_id, remark, decided_by, decided_at FROM supervision_decisions
WHERE year = $year AND month = $month AND suggestion_key = $key;

-- name: decisions_of_month
SELECT suggestion_key AS "key", decision, item_id, remark, decided_by, decided_at FROM supervision_decisions
WHERE year = $year AND month = $month ORDER BY suggestion_key;

-- name: decision_insert
INSERT INTO supervision_decisions (year, month, suggestion_key, decision, item_id, remark, decided_by, decided_at)
VALUES ($year, $month, $key, $decision, $item_id, $remark, $decided_by, $decided_at);
