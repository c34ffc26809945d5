-- Drive: a tree of files and folders per user, their versions, the blobs
-- those versions share (reference-counted), dead WebDAV properties,
-- WebDAV locks and per-user quota overrides.

-- Content-addressed by nothing: each upload gets a new blob; copies and
-- version restores share it and count references.
CREATE TABLE drive_blobs (
    id         TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    refs       BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

-- Every user has one root folder (parent_id NULL, name ''). Only the top of
-- a trashed subtree has trashed_at set; its descendants are unreachable
-- through it. name_key is the case-folded NFC name, unique per folder
-- among live items.
CREATE TABLE drive_nodes (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id    TEXT REFERENCES drive_nodes(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    is_dir       BOOLEAN NOT NULL,
    size         BIGINT NOT NULL DEFAULT 0,
    blob_id      TEXT REFERENCES drive_blobs(id),
    sha256       TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    etag         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    modified_at  TEXT NOT NULL,
    trashed_at   TEXT,
    trashed_from TEXT
);
CREATE UNIQUE INDEX drive_nodes_root ON drive_nodes (owner_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX drive_nodes_name ON drive_nodes (parent_id, name_key) WHERE trashed_at IS NULL;
CREATE INDEX drive_nodes_trash ON drive_nodes (owner_id, trashed_at) WHERE trashed_at IS NOT NULL;

-- Every content a file has had, the current one included.
CREATE TABLE drive_versions (
    id         TEXT PRIMARY KEY,
    node_id    TEXT NOT NULL REFERENCES drive_nodes(id) ON DELETE CASCADE,
    owner_id   TEXT NOT NULL,
    blob_id    TEXT NOT NULL REFERENCES drive_blobs(id),
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    author_id  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX drive_versions_node ON drive_versions (node_id, created_at);
CREATE INDEX drive_versions_owner ON drive_versions (owner_id);

-- WebDAV dead properties (PROPPATCH), as their XML inner content.
CREATE TABLE drive_props (
    node_id TEXT NOT NULL REFERENCES drive_nodes(id) ON DELETE CASCADE,
    prop_space TEXT NOT NULL,
    prop_local TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT '',
    xml_inner  TEXT NOT NULL,
    PRIMARY KEY (node_id, prop_space, prop_local)
);

-- WebDAV locks, by path in the owner's tree, so that every node agrees.
CREATE TABLE drive_locks (
    token      TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    root       TEXT NOT NULL,
    shared     BOOLEAN NOT NULL,
    zero_depth BOOLEAN NOT NULL,
    owner_xml  TEXT NOT NULL,
    holder_id  TEXT NOT NULL,
    timeout_s  BIGINT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX drive_locks_owner ON drive_locks (owner_id, root);

-- An administrator's override of the default quota.
CREATE TABLE drive_quotas (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    quota_bytes BIGINT NOT NULL
);
