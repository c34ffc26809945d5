-- Upstream OpenID Connect providers that people may sign in with
-- (ProConnect, Keycloak, Entra ID, another Ensemble), the links between
-- their subjects and our accounts, and logins in progress.
CREATE TABLE upstream_providers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,           -- shown as "Sign in with <name>"
    issuer          TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    client_secret   TEXT NOT NULL DEFAULT '',
    scopes          TEXT NOT NULL DEFAULT 'openid email profile',
    email_claim     TEXT NOT NULL DEFAULT 'email',
    name_claim      TEXT NOT NULL DEFAULT 'name',
    allowed_domains TEXT NOT NULL DEFAULT '[]', -- JSON array; empty allows every domain
    link_existing   BOOLEAN NOT NULL DEFAULT FALSE,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE user_links (
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_links_user ON user_links (user_id);

CREATE TABLE upstream_logins (
    state_hash  TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES upstream_providers(id) ON DELETE CASCADE,
    verifier    TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    return_to   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
