-- Drive: each user's storage use as a counter, so that a quota check reads
-- one row instead of summing every version the user keeps. Triggers on
-- drive_versions keep it equal to that sum in the transaction that adds or
-- removes a version, cascades (purge, account deletion) included.
CREATE TABLE drive_usage (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    used    BIGINT NOT NULL
);
INSERT INTO drive_usage (user_id, used)
    SELECT owner_id, SUM(size) FROM drive_versions
    WHERE owner_id IN (SELECT id FROM users) GROUP BY owner_id;

CREATE TRIGGER drive_usage_insert AFTER INSERT ON drive_versions
BEGIN
    INSERT INTO drive_usage (user_id, used) VALUES (NEW.owner_id, NEW.size)
        ON CONFLICT (user_id) DO UPDATE SET used = drive_usage.used + excluded.used;
END;

CREATE TRIGGER drive_usage_delete AFTER DELETE ON drive_versions
BEGIN
    UPDATE drive_usage SET used = used - OLD.size WHERE user_id = OLD.owner_id;
END;

CREATE TRIGGER drive_usage_update AFTER UPDATE OF owner_id, size ON drive_versions
BEGIN
    UPDATE drive_usage SET used = used - OLD.size WHERE user_id = OLD.owner_id;
    INSERT INTO drive_usage (user_id, used) VALUES (NEW.owner_id, NEW.size)
        ON CONFLICT (user_id) DO UPDATE SET used = drive_usage.used + excluded.used;
END;

-- A folder's live items in the order PROPFIND and the file list give them,
-- read from the index without sorting.
CREATE INDEX drive_nodes_list ON drive_nodes (parent_id, is_dir DESC, name_key, id) WHERE trashed_at IS NULL;
