-- The public disclosure (公示): every edition published, with what it said and the files it wrote, so an
-- earlier edition can be published again byte for byte. Portable SQL only; ids are MAX+1 inside the writing
-- transaction.

CREATE TABLE disclosure_editions (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    as_of INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL,
    notice VARCHAR NOT NULL,
    window_from DATE NOT NULL,
    window_to DATE NOT NULL,
    issuer VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    content VARCHAR NOT NULL,
    files_sha256 VARCHAR NOT NULL,
    files BLOB NOT NULL
);
