-- Local accounts for the embedded default (passwords hashed with Argon2id; no default account).
CREATE TABLE users (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL,
    department VARCHAR,
    password_hash VARCHAR,
    disabled BOOLEAN NOT NULL,
    failed_attempts INTEGER NOT NULL,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    last_login_at TIMESTAMP
);
