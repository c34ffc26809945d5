-- Drive's malware scanning (serve --clamd): the state of each blob, shared
-- by every version and copy made of it. Blobs stored before scanning was
-- turned on, or without --clamd, are 'clean'. A 'scanning' blob waits for
-- clamd (scan_next_at backs off after failures); a 'blocked' one is
-- quarantined: it cannot be downloaded nor shared, scan_result names the
-- signature found.
ALTER TABLE drive_blobs ADD COLUMN scan_state TEXT NOT NULL DEFAULT 'clean';
ALTER TABLE drive_blobs ADD COLUMN scan_result TEXT NOT NULL DEFAULT '';
ALTER TABLE drive_blobs ADD COLUMN scan_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE drive_blobs ADD COLUMN scan_next_at TEXT;
CREATE INDEX drive_blobs_scanning ON drive_blobs (scan_next_at) WHERE scan_state = 'scanning';
