-- Drive: each user's storage use as a counter, so that a quota check reads
-- one row instead of summing every version the user keeps. A trigger on
-- drive_versions keeps it equal to that sum in the transaction that adds or
-- removes a version, cascades (purge, account deletion) included.
CREATE TABLE drive_usage (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    used    BIGINT NOT NULL
);
INSERT INTO drive_usage (user_id, used)
    SELECT owner_id, SUM(size) FROM drive_versions
    WHERE owner_id IN (SELECT id FROM users) GROUP BY owner_id;

CREATE FUNCTION drive_usage_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE drive_usage SET used = used - OLD.size WHERE user_id = OLD.owner_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO drive_usage (user_id, used) VALUES (NEW.owner_id, NEW.size)
            ON CONFLICT (user_id) DO UPDATE SET used = drive_usage.used + excluded.used;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER drive_usage_track AFTER INSERT OR DELETE OR UPDATE OF owner_id, size ON drive_versions
    FOR EACH ROW EXECUTE FUNCTION drive_usage_track();

-- A folder's live items in the order PROPFIND and the file list give them,
-- read from the index without sorting.
CREATE INDEX drive_nodes_list ON drive_nodes (parent_id, is_dir DESC, name_key, id) WHERE trashed_at IS NULL;
