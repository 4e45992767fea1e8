-- The year's cycle: candidate pool, votes and ratings (db/year_cycle.py).

-- name: cycle_file_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM cycle_files;

-- name: cycle_file_insert
INSERT INTO cycle_files (id, year, kind, filename, sha256, size_bytes, content, recorded_by, recorded_at)
VALUES ($id, $year, $kind, $filename, $sha256, $size_bytes, $content, $recorded_by, $recorded_at);

-- name: cycle_file_get
SELECT id, year, kind, filename, sha256, size_bytes, recorded_by, recorded_at FROM cycle_files WHERE id = $id;

-- name: cycle_file_content
SELECT content FROM cycle_files WHERE id = $id;

-- name: candidates_of_year
SELECT c.number, c.name, c.area, c.content, c.reason, c.proposer, c.proposer_kind, c.co_proposers, c.investment,
       c.source_rows, c.file_id, c.recorded_by, c.recorded_at, f.filename, f.sha256
FROM candidates c JOIN cycle_files f ON f.id = c.file_id
WHERE c.year = $year ORDER BY c.number;

-- name: candidate_indicators_of_year
SELECT number, position, name, target, stated, unit, kind, direction, source_row
FROM candidate_indicators WHERE year = $year ORDER BY number, position;

-- name: candidates_delete
DELETE FROM candidates WHERE year = $year;

-- name: candidate_indicators_delete
DELETE FROM candidate_indicators WHERE year = $year;

-- name: candidate_insert
INSERT INTO candidates (year, number, name, area, content, reason, proposer, proposer_kind, co_proposers,
                        investment, source_rows, file_id, recorded_by, recorded_at)
VALUES ($year, $number, $name, $area, $content, $reason, $proposer, $proposer_kind, $co_proposers, $investment,
        $source_rows, $file_id, $recorded_by, $recorded_at);

-- name: candidate_indicator_insert
INSERT INTO candidate_indicators (year, number, position, name, target, stated, unit, kind, direction, source_row)
VALUES ($year, $number, $position, $name, $target, $stated, $unit, $kind, $direction, $source_row);

-- name: vote_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM votes;

-- name: vote_insert
INSERT INTO votes (id, year, round, kind, deputies, present, places, basis, held_on, file_id, recorded_by,
                   recorded_at)
VALUES ($id, $year, $round, $kind, $deputies, $present, $places, $basis, $held_on, $file_id, $recorded_by,
        $recorded_at);

-- name: votes_of_year
SELECT v.id, v.round, v.kind, v.deputies, v.present, v.places, v.basis, v.held_on, v.file_id, v.recorded_by,
       v.recorded_at, f.filename, f.sha256
FROM votes v JOIN cycle_files f ON f.id = v.file_id
WHERE v.year = $year ORDER BY v.id;

-- name: vote_tally_insert
INSERT INTO vote_tallies (vote_id, candidate_number, yes, no, abstain, source_row)
VALUES ($vote_id, $candidate_number, $yes, $no, $abstain, $source_row);

-- name: vote_tallies_of_year
SELECT t.vote_id, t.candidate_number, t.yes, t.no, t.abstain, t.source_row
FROM vote_tallies t JOIN votes v ON v.id = t.vote_id
WHERE v.year = $year ORDER BY t.vote_id, t.candidate_number;

-- name: rating_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM ratings;

-- name: rating_insert
INSERT INTO ratings (id, year, source, weight, members, file_id, recorded_by, recorded_at)
VALUES ($id, $year, $source, $weight, $members, $file_id, $recorded_by, $recorded_at);

-- name: rating_row_insert
INSERT INTO rating_rows (rating_id, task_code, satisfied, basically, dissatisfied, members, source_row)
VALUES ($rating_id, $task_code, $satisfied, $basically, $dissatisfied, $members, $source_row);

-- name: ratings_of_year
SELECT r.id, r.source, r.weight, r.members, r.file_id, r.recorded_by, r.recorded_at, f.filename, f.sha256
FROM ratings r JOIN cycle_files f ON f.id = r.file_id
WHERE r.year = $year ORDER BY r.id;

-- name: rating_rows_of_year
SELECT w.rating_id, w.task_code, w.satisfied, w.basically, w.dissatisfied, w.members, w.source_row
FROM rating_rows w JOIN ratings r ON r.id = w.rating_id
WHERE r.year = $year ORDER BY w.rating_id, w.task_code;

-- name: figure_count_of_year
SELECT count(*) FROM figures WHERE year = $year;

-- name: candidate_update
UPDATE candidates SET name = $name, area = $area, content = $content, reason = $reason, proposer = $proposer,
       proposer_kind = $proposer_kind, investment = $investment
WHERE year = $year AND number = $number;

-- name: candidate_indicators_delete_one
DELETE FROM candidate_indicators WHERE year = $year AND number = $number;

-- name: cycle_years
SELECT DISTINCT year FROM candidates UNION SELECT DISTINCT year FROM votes ORDER BY year;
