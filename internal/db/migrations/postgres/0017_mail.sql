-- Outgoing mail (serve --smtp). Each row is one message, rendered in full
-- (RFC 5322) when it was queued, waiting for the SMTP relay. A worker on any
-- node claims a due row by moving next_attempt_at forward (a lease), sends
-- it and deletes it; after a failure it backs off, and after the last
-- attempt the row stays with state 'failed' and its last error, for the
-- operator, until it is purged. Nothing is queued without --smtp.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    recipient       TEXT NOT NULL,
    message         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending';

-- "Email me notifications": whether a user receives mail about mentions,
-- access requests and the like (on by default). Invitations and reset
-- links go to their address regardless.
ALTER TABLE users ADD COLUMN email_notifications BOOLEAN NOT NULL DEFAULT TRUE;
