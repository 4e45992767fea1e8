-- The public disclosure's editions (db/disclosure.py).

-- name: edition_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM disclosure_editions;

-- name: edition_insert
INSERT INTO disclosure_editions (id, year, as_of, published_at, published_by, notice, window_from, window_to, issuer,
                                 content_sha256, content, files_sha256, files)
VALUES ($id, $year, $as_of, $published_at, $published_by, $notice, $window_from, $window_to, $issuer,
        $content_sha256, $content, $files_sha256, $files);

-- name: editions_list
SELECT id, year, as_of, published_at, published_by, notice, window_from, window_to, issuer, content_sha256,
       files_sha256
FROM disclosure_editions ORDER BY id;

-- name: edition_get
SELECT id, year, as_of, published_at, published_by, notice, window_from, window_to, issuer, content_sha256,
       content, files_sha256, files
FROM disclosure_editions WHERE id = $id;
