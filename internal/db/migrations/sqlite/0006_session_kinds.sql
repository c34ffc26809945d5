-- Two kinds of browser session: "sso", made by the login page and read only
-- by the OpenID Connect provider, and "app", made when Ensemble's own web
-- app finishes its code flow with that provider, and read by the API. An app
-- session remembers the SSO session it came from, so that logging out ends
-- both.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'app';
ALTER TABLE sessions ADD COLUMN parent_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_parent ON sessions (parent_id);
