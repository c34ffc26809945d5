-- Versions of documents (internal/docversions): the whole Yjs state of a
-- document (a V1 update) at a moment, named by a person or taken
-- automatically while it is edited (auto; the newest 50 are kept).
CREATE TABLE doc_versions (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    state      BYTEA NOT NULL,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    auto       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX doc_versions_doc ON doc_versions (doc_id, created_at);
