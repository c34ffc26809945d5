-- Drive's resumable uploads (the tus protocol): an upload in progress, its
-- announced length and how much has been received. The bytes received so
-- far are blobs drive-uploads/<id>/<chunk>, joined into one file's blob
-- when the last byte arrives.
CREATE TABLE drive_uploads (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id    TEXT NOT NULL REFERENCES drive_nodes(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    length       BIGINT NOT NULL,
    offset_bytes BIGINT NOT NULL DEFAULT 0,
    chunks       BIGINT NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX drive_uploads_expires ON drive_uploads (expires_at);
