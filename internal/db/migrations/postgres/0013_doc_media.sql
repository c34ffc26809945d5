-- Images and files of documents (internal/docmedia): the bytes live in the
-- blob store under docmedia/<doc_id>/<id>; a row names them, and goes with
-- its document.
CREATE TABLE doc_media (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX doc_media_doc ON doc_media (doc_id);
