-- Settings an administrator changes at run time, and facts about this
-- installation (its id, when it was created), as key/value pairs.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

INSERT INTO settings (key, value, updated_at)
VALUES ('installation_id', md5(random()::text || clock_timestamp()::text), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
