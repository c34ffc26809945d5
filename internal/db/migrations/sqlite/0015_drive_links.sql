-- Drive's share links: a secret URL that opens a file or a folder (and
-- what it holds) to anyone (public) or anyone signed in (authenticated).
-- Only the SHA-256 of the token is kept. A link may expire at a date,
-- after max_downloads full downloads, and may ask for a password
-- (argon2id).
CREATE TABLE drive_links (
    id            TEXT PRIMARY KEY,
    file_id       TEXT NOT NULL REFERENCES drive_nodes(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    reach         TEXT NOT NULL,
    expires_at    TEXT,
    max_downloads BIGINT,
    downloads     BIGINT NOT NULL DEFAULT 0,
    password_hash TEXT,
    created_by    TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX drive_links_file ON drive_links (file_id);
