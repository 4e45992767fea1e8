-- The year's cycle around the plan: the candidate pool (征集), the deputies' vote (票决) and the year-end
-- rating (满意度测评). Every row is traceable to the file it came from (cycle_files: name, sha256, the bytes,
-- who recorded it and when), as upload batches are for figures. Portable SQL only: no sequences, no
-- foreign keys; ids are MAX+1 inside the writing transaction.

CREATE TABLE cycle_files (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BLOB NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE candidates (
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    content VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    proposer VARCHAR NOT NULL,
    proposer_kind VARCHAR NOT NULL,
    co_proposers VARCHAR NOT NULL,
    investment DOUBLE,
    source_rows VARCHAR NOT NULL,
    file_id BIGINT NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, number)
);

CREATE TABLE candidate_indicators (
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    stated VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    PRIMARY KEY (year, number, position)
);

CREATE TABLE votes (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    round INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    deputies INTEGER NOT NULL,
    present INTEGER NOT NULL,
    places INTEGER NOT NULL,
    basis VARCHAR NOT NULL,
    held_on DATE NOT NULL,
    file_id BIGINT NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE vote_tallies (
    vote_id BIGINT NOT NULL,
    candidate_number INTEGER NOT NULL,
    yes INTEGER NOT NULL,
    no INTEGER NOT NULL,
    abstain INTEGER NOT NULL,
    source_row INTEGER,
    PRIMARY KEY (vote_id, candidate_number)
);

CREATE TABLE ratings (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    weight DOUBLE,
    members INTEGER,
    file_id BIGINT NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE rating_rows (
    rating_id BIGINT NOT NULL,
    task_code VARCHAR NOT NULL,
    satisfied INTEGER NOT NULL,
    basically INTEGER NOT NULL,
    dissatisfied INTEGER NOT NULL,
    members INTEGER NOT NULL,
    source_row INTEGER,
    PRIMARY KEY (rating_id, task_code)
);
