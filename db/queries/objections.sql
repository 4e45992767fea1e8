-- Objections (异议) sent through the form service (db/objections.py).

-- name: objection_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM objections;

-- name: objection_insert
INSERT INTO objections (id, year, task_code, text, name, contact, ip_hash, submitted_at, state)
VALUES ($id, $year, $task_code, $text, $name, $contact, $ip_hash, $submitted_at, 'new');

-- name: objections_since_by_ip
SELECT COUNT(*) AS n, MIN(submitted_at) AS oldest FROM objections
WHERE ip_hash = $ip_hash AND submitted_at > $since;

-- name: objections_since
SELECT COUNT(*) AS n, MIN(submitted_at) AS oldest FROM objections WHERE submitted_at > $since;

-- name: objection_get
SELECT id, year, task_code, text, name, contact, submitted_at, state, reply, replied_by, replied_at, question,
       published_by, published_at, reason, rejected_by, rejected_at
FROM objections WHERE id = $id;

-- name: objections_of_year
SELECT id, year, task_code, text, name, contact, submitted_at, state, reply, replied_by, replied_at, question,
       published_by, published_at, reason, rejected_by, rejected_at
FROM objections WHERE year = $year ORDER BY id;

-- name: objection_set_reply
UPDATE objections SET state = 'replied', reply = $reply, replied_by = $actor, replied_at = $at WHERE id = $id;

-- name: objection_set_published
UPDATE objections SET state = 'published', question = $question, published_by = $actor, published_at = $at
WHERE id = $id;

-- name: objection_set_rejected
UPDATE objections SET state = 'rejected', reason = $reason, rejected_by = $actor, rejected_at = $at WHERE id = $id;

-- name: objections_published
SELECT task_code, question, reply, replied_at, published_at FROM objections
WHERE year = $year AND state = 'published' ORDER BY published_at, id;
