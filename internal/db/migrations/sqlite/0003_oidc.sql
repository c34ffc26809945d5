-- The OpenID Connect provider: registered clients, authorization requests
-- and their one-time codes, grants (the family of tokens one code started),
-- access and refresh tokens, signing keys, and users' consents.
CREATE TABLE oidc_clients (
    id               TEXT PRIMARY KEY,
    secret_hash      TEXT NOT NULL DEFAULT '',  -- SHA-256 of the secret; empty for public clients
    name             TEXT NOT NULL,
    redirect_uris    TEXT NOT NULL,             -- JSON array, matched exactly
    post_logout_uris TEXT NOT NULL DEFAULT '[]',-- JSON array, matched exactly
    public           BOOLEAN NOT NULL DEFAULT FALSE,
    trusted          BOOLEAN NOT NULL DEFAULT FALSE, -- skips the consent screen
    builtin          BOOLEAN NOT NULL DEFAULT FALSE, -- Ensemble's own web UI
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE oidc_auth_requests (
    id                    TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL REFERENCES oidc_clients(id) ON DELETE CASCADE,
    redirect_uri          TEXT NOT NULL,
    state                 TEXT NOT NULL DEFAULT '',
    nonce                 TEXT NOT NULL DEFAULT '',
    scopes                TEXT NOT NULL,            -- space-separated
    response_type         TEXT NOT NULL,
    response_mode         TEXT NOT NULL DEFAULT '',
    code_challenge        TEXT NOT NULL DEFAULT '',
    code_challenge_method TEXT NOT NULL DEFAULT '',
    browser_hash          TEXT NOT NULL DEFAULT '', -- binds the request to the browser that started it
    user_id               TEXT NOT NULL DEFAULT '',
    auth_time             TEXT NOT NULL DEFAULT '',
    done                  BOOLEAN NOT NULL DEFAULT FALSE,
    code_hash             TEXT UNIQUE,              -- SHA-256 of the code, once issued
    code_expires_at       TEXT NOT NULL DEFAULT '',
    code_used             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TEXT NOT NULL,
    expires_at            TEXT NOT NULL
);
CREATE INDEX oidc_auth_requests_expires ON oidc_auth_requests (expires_at);

CREATE TABLE oidc_grants (
    id         TEXT PRIMARY KEY,                 -- the auth request's ID
    client_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX oidc_grants_user ON oidc_grants (user_id, client_id);

CREATE TABLE oidc_access_tokens (
    id         TEXT PRIMARY KEY,                 -- the JWT's jti
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    audience   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX oidc_access_tokens_grant ON oidc_access_tokens (grant_id);
CREATE INDEX oidc_access_tokens_expires ON oidc_access_tokens (expires_at);

CREATE TABLE oidc_refresh_tokens (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    audience   TEXT NOT NULL DEFAULT '',
    amr        TEXT NOT NULL DEFAULT '',
    auth_time  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT '',         -- set when rotated; a second use is a reuse
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX oidc_refresh_tokens_grant ON oidc_refresh_tokens (grant_id);
CREATE INDEX oidc_refresh_tokens_expires ON oidc_refresh_tokens (expires_at);

CREATE TABLE oidc_keys (
    id          TEXT PRIMARY KEY,                -- kid
    algorithm   TEXT NOT NULL,
    private_pem TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT NOT NULL DEFAULT ''         -- no longer signs; published until tokens expire
);

CREATE TABLE oidc_consents (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES oidc_clients(id) ON DELETE CASCADE,
    scopes     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
