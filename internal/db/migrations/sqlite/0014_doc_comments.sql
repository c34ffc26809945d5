-- Comments on documents (internal/doccomments): threads anchored to a
-- range of text (anchor is the client's opaque anchor, quote the text
-- commented on), their comments, reactions, and the in-app notifications
-- of people mentioned.
CREATE TABLE doc_threads (
    id          TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    anchor      TEXT NOT NULL DEFAULT 'null',
    quote       TEXT NOT NULL DEFAULT '',
    resolved_at TEXT,
    resolved_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX doc_threads_doc ON doc_threads (doc_id, created_at);

CREATE TABLE doc_comments (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES doc_threads(id) ON DELETE CASCADE,
    author     TEXT REFERENCES users(id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at  TEXT,
    deleted_at TEXT
);
CREATE INDEX doc_comments_thread ON doc_comments (thread_id, created_at);

CREATE TABLE doc_comment_reactions (
    comment_id TEXT NOT NULL REFERENCES doc_comments(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    emoji      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, user_id, emoji)
);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    doc_id     TEXT REFERENCES docs(id) ON DELETE CASCADE,
    thread_id  TEXT REFERENCES doc_threads(id) ON DELETE CASCADE,
    actor_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
