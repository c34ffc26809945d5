-- The shared permission model (internal/access): grants of a role on an
-- item of some kind (a document, a Drive file) to a user or a team; and the
-- Docs product on the document record: a tree of pages with an order, link
-- settings, a trash, favourites, visits, access requests and invitations
-- of people without an account. The grants of doc_accesses move to
-- access_grants.
CREATE TABLE access_grants (
    id            TEXT PRIMARY KEY,
    resource_kind TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    user_id       TEXT REFERENCES users(id) ON DELETE CASCADE,
    team_id       TEXT REFERENCES teams(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('reader', 'commenter', 'editor', 'administrator', 'owner')),
    granted_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX access_grants_user_item ON access_grants (resource_kind, resource_id, user_id);
CREATE UNIQUE INDEX access_grants_team_item ON access_grants (resource_kind, resource_id, team_id);
CREATE INDEX access_grants_user ON access_grants (user_id);
CREATE INDEX access_grants_team ON access_grants (team_id);

ALTER TABLE docs ADD COLUMN parent_id TEXT REFERENCES docs(id) ON DELETE CASCADE;
ALTER TABLE docs ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE docs ADD COLUMN link_reach TEXT NOT NULL DEFAULT 'restricted' CHECK (link_reach IN ('restricted', 'authenticated', 'public'));
ALTER TABLE docs ADD COLUMN link_role TEXT NOT NULL DEFAULT 'reader' CHECK (link_role IN ('reader', 'commenter', 'editor'));
ALTER TABLE docs ADD COLUMN deleted_at TEXT; -- NULL: not in the trash; set on the page put there, not its sub-pages
CREATE INDEX docs_parent ON docs (parent_id, position);
CREATE INDEX docs_owner ON docs (owner_id);
CREATE INDEX docs_deleted ON docs (deleted_at);

INSERT INTO access_grants (id, resource_kind, resource_id, user_id, role, granted_by, created_at)
    SELECT substr(lower(hex(randomblob(16))), 1, 26), 'doc', a.doc_id, a.user_id, a.role, '', d.created_at
    FROM doc_accesses a JOIN docs d ON d.id = a.doc_id;
DROP TABLE doc_accesses;

CREATE TABLE doc_favorites (
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, doc_id)
);
CREATE INDEX doc_favorites_doc ON doc_favorites (doc_id);

CREATE TABLE doc_visits (
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    visited_at TEXT NOT NULL,
    PRIMARY KEY (user_id, doc_id)
);
CREATE INDEX doc_visits_doc ON doc_visits (doc_id);

CREATE TABLE doc_access_requests (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'commenter', 'editor', 'administrator', 'owner')),
    created_at TEXT NOT NULL,
    UNIQUE (doc_id, user_id)
);
CREATE INDEX doc_access_requests_user ON doc_access_requests (user_id);

-- An email without an account invited to a document: granted to the
-- account with that (verified) email once it exists.
CREATE TABLE doc_invitations (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'commenter', 'editor', 'administrator', 'owner')),
    invited_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (doc_id, email_key)
);
CREATE INDEX doc_invitations_email ON doc_invitations (email_key);
