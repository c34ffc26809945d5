-- Teams (principals every module can share with), their members with a
-- role, and invitations: one-time links that let a person without an
-- account create one, optionally joining a team.
CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',  -- a user ID; kept if that user goes
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('member', 'administrator', 'owner')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,       -- SHA-256 of the link's secret
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,              -- lower-cased email, for lookups
    team_id     TEXT REFERENCES teams(id) ON DELETE CASCADE, -- NULL: a guest account only
    role        TEXT NOT NULL CHECK (role IN ('member', 'administrator', 'owner')),
    invited_by  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    accepted_at TEXT NOT NULL DEFAULT '',   -- empty: pending
    accepted_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitations_email ON invitations (email_key);
CREATE INDEX invitations_invited_by ON invitations (invited_by);
CREATE INDEX invitations_team ON invitations (team_id);
