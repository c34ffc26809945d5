-- The minimal document record (the Docs issue builds the product on it),
-- who may open each document, and the collaboration engine's storage: an
-- append-only log of Yjs updates per document and one compacted snapshot.
CREATE TABLE docs (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE doc_accesses (
    doc_id  TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'owner')),
    PRIMARY KEY (doc_id, user_id)
);
CREATE INDEX doc_accesses_user ON doc_accesses (user_id);

-- Yjs updates (V1 encoding) in the order the server accepted them.
CREATE TABLE collab_updates (
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    data       BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

-- The whole document state (a V1 update) covering every update up to upto_seq.
CREATE TABLE collab_snapshots (
    doc_id   TEXT PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,
    state    BYTEA NOT NULL,
    upto_seq BIGINT NOT NULL
);
