// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// lock is a WebDAV lock on a path of one user's tree.
type lock struct {
	token     string
	root      string // lockKey of the locked resource
	shared    bool
	zeroDepth bool
	ownerXML  string
	holder    string
	timeout   int64 // seconds
	expires   time.Time
}

// lockStore keeps locks in the database, so that every node agrees.
type lockStore struct {
	db  *db.DB
	now func() time.Time
}

// lockKey is the canonical form of a path for locks: "/" and segments in
// drive.NameKey form, so that two spellings of one item share its locks.
func lockKey(p string) string {
	var b strings.Builder
	for seg := range strings.SplitSeq(p, "/") {
		if seg != "" {
			b.WriteByte('/')
			b.WriteString(drive.NameKey(seg))
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// ancestors returns key's proper ancestors, "/" first.
func ancestors(key string) []string {
	if key == "/" {
		return nil
	}
	out := []string{"/"}
	for i := 1; i < len(key); i++ {
		if key[i] == '/' {
			out = append(out, key[:i])
		}
	}
	return out
}

const lockColumns = `token, root, owner_xml, shared, zero_depth, holder_id, timeout_s, expires_at`

func scanLocks(rows *sql.Rows) ([]lock, error) {
	defer rows.Close()
	var out []lock
	for rows.Next() {
		var l lock
		var exp string
		if err := rows.Scan(&l.token, &l.root, &l.ownerXML, &l.shared, &l.zeroDepth, &l.holder, &l.timeout, &exp); err != nil {
			return nil, fmt.Errorf("dav: locks: %w", err)
		}
		l.expires, _ = db.ParseTime(exp)
		out = append(out, l)
	}
	return out, rows.Err()
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// covering returns the live locks that apply to key: on it, or on an
// ancestor with depth infinity. With below, also the locks on its
// descendants.
func (s *lockStore) covering(ctx context.Context, q queryer, owner, key string, below bool) ([]lock, error) {
	args := []any{owner, db.Time(s.now()), key}
	cond := `root = $3`
	if anc := ancestors(key); len(anc) > 0 {
		ph := make([]string, len(anc))
		for i, a := range anc {
			args = append(args, a)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		cond += ` OR (zero_depth = FALSE AND root IN (` + strings.Join(ph, ", ") + `))`
	}
	if below {
		prefix := strings.TrimSuffix(key, "/") + "/"
		args = append(args, utf8.RuneCountInString(prefix), prefix)
		cond += fmt.Sprintf(` OR substr(root, 1, $%d) = $%d`, len(args)-1, len(args))
	}
	rows, err := q.QueryContext(ctx, `SELECT `+lockColumns+` FROM drive_locks
		WHERE owner_id = $1 AND expires_at > $2 AND (`+cond+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("dav: locks of %q: %w", key, err)
	}
	return scanLocks(rows)
}

// byToken returns the live lock with token in owner's tree.
func (s *lockStore) byToken(ctx context.Context, owner, token string) (lock, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+lockColumns+` FROM drive_locks
		WHERE owner_id = $1 AND token = $2 AND expires_at > $3`, owner, token, db.Time(s.now()))
	if err != nil {
		return lock{}, fmt.Errorf("dav: lock: %w", err)
	}
	list, err := scanLocks(rows)
	if err != nil {
		return lock{}, err
	}
	if len(list) == 0 {
		return lock{}, fmt.Errorf("dav: lock %q: %w", token, errs.NotFound)
	}
	return list[0], nil
}

// errLocked means that a conflicting lock exists.
var errLocked = errors.New("dav: locked")

// create adds l unless it conflicts with a lock that covers its root or,
// for a deep lock, one below it: an exclusive lock conflicts with any
// other, a shared one with exclusive ones.
func (s *lockStore) create(ctx context.Context, owner string, l *lock) error {
	b := make([]byte, 16)
	rand.Read(b)
	l.token = fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	l.expires = s.now().Add(time.Duration(l.timeout) * time.Second)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if s.db.Dialect() == db.Postgres {
			// Nodes take turns per tree, so two cannot both see no conflict.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('drive_locks:' || $1))`, owner); err != nil {
				return fmt.Errorf("dav: lock: %w", err)
			}
		}
		existing, err := s.covering(ctx, tx, owner, l.root, !l.zeroDepth)
		if err != nil {
			return err
		}
		for _, e := range existing {
			if !e.shared || !l.shared {
				return errLocked
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drive_locks WHERE owner_id = $1 AND expires_at <= $2`, owner, db.Time(s.now()))
		if err != nil {
			return fmt.Errorf("dav: expire locks: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO drive_locks (token, owner_id, root, shared, zero_depth, owner_xml,
			holder_id, timeout_s, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			l.token, owner, l.root, l.shared, l.zeroDepth, l.ownerXML, l.holder, l.timeout, db.Time(l.expires))
		if err != nil {
			return fmt.Errorf("dav: lock: %w", err)
		}
		return nil
	})
}

// refresh extends lock token by its timeout.
func (s *lockStore) refresh(ctx context.Context, l *lock, timeout int64) error {
	l.timeout = timeout
	l.expires = s.now().Add(time.Duration(timeout) * time.Second)
	_, err := s.db.ExecContext(ctx, `UPDATE drive_locks SET timeout_s = $2, expires_at = $3 WHERE token = $1`,
		l.token, timeout, db.Time(l.expires))
	if err != nil {
		return fmt.Errorf("dav: refresh lock: %w", err)
	}
	return nil
}

// remove deletes lock token.
func (s *lockStore) remove(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM drive_locks WHERE token = $1`, token); err != nil {
		return fmt.Errorf("dav: unlock: %w", err)
	}
	return nil
}

// removeTree deletes the locks on key and below it (the resource is gone).
func (s *lockStore) removeTree(ctx context.Context, owner, key string) error {
	prefix := strings.TrimSuffix(key, "/") + "/"
	_, err := s.db.ExecContext(ctx, `DELETE FROM drive_locks WHERE owner_id = $1 AND (root = $2 OR substr(root, 1, $3) = $4)`,
		owner, key, utf8.RuneCountInString(prefix), prefix)
	if err != nil {
		return fmt.Errorf("dav: drop locks: %w", err)
	}
	return nil
}
