-- Reminders: contacts of the accounts, in-app notices and the deliveries on record (db/notices.py).

-- name: user_contacts
SELECT name, role, department, disabled, email, lang FROM users ORDER BY name;

-- name: user_set_contact
UPDATE users SET email = $email, lang = $lang WHERE name = $name;

-- name: notice_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM notices;

-- name: notice_insert
INSERT INTO notices (id, recipient, reminder_key, kind, department, year, month, subject, body, link, created_at, read_at)
VALUES ($id, $recipient, $reminder_key, $kind, $department, $year, $month, $subject, $body, $link, $created_at, NULL);

-- name: notices_of
SELECT id, recipient, reminder_key, kind, department, year, month, subject, body, link, created_at, read_at
FROM notices WHERE recipient = $recipient ORDER BY id DESC LIMIT $limit;

-- name: notices_unread_count
SELECT COUNT(*) FROM notices WHERE recipient = $recipient AND read_at IS NULL;

-- name: notice_mark_read
UPDATE notices SET read_at = $at WHERE recipient = $recipient AND id = $id AND read_at IS NULL;

-- name: notices_mark_all_read
UPDATE notices SET read_at = $at WHERE recipient = $recipient AND read_at IS NULL;

-- name: delivery_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM reminder_deliveries;

-- name: delivery_get
SELECT id, reminder_key, kind, recipient, channel, department, year, month, due, address, subject, body, state,
       attempts, error, first_at, last_at, sent_at
FROM reminder_deliveries WHERE reminder_key = $reminder_key AND recipient = $recipient AND channel = $channel;

-- name: deliveries_of_year
SELECT id, reminder_key, kind, recipient, channel, department, year, month, due, address, subject, body, state,
       attempts, error, first_at, last_at, sent_at
FROM reminder_deliveries WHERE year = $year;

-- name: deliveries_failed
SELECT id, reminder_key, kind, recipient, channel, department, year, month, due, address, subject, body, state,
       attempts, error, first_at, last_at, sent_at
FROM reminder_deliveries WHERE state = 'failed' OR (state = 'sending' AND last_at < $stale) ORDER BY id;

-- name: deliveries_recent
SELECT id, reminder_key, kind, recipient, channel, department, year, month, due, address, subject, body, state,
       attempts, error, first_at, last_at, sent_at
FROM reminder_deliveries ORDER BY id DESC LIMIT $limit;

-- name: delivery_insert
INSERT INTO reminder_deliveries (id, reminder_key, kind, recipient, channel, department, year, month, due, address,
                                 subject, body, state, attempts, error, first_at, last_at, sent_at)
VALUES ($id, $reminder_key, $kind, $recipient, $channel, $department, $year, $month, $due, $address,
        $subject, $body, $state, $attempts, $error, $at, $at, $sent_at);

-- name: delivery_claim
UPDATE reminder_deliveries SET state = 'sending', last_at = $at WHERE id = $id;

-- name: delivery_update
UPDATE reminder_deliveries SET state = $state, attempts = attempts + 1, error = $error, last_at = $at,
       sent_at = $sent_at, address = $address
WHERE id = $id;

-- name: objections_waiting
SELECT COUNT(*) AS n, MAX(submitted_at) AS newest FROM objections WHERE state = 'new';
