// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// LinkVisit is one request through a share link.
type LinkVisit struct {
	// Token is the link's secret, from the URL.
	Token string
	// Viewer is the signed-in user, "" when anonymous.
	Viewer string
	// Unlock is the value of the link's unlock cookie, if any.
	Unlock string
}

// SharedNode is what a share link shows of an item: no owner, no
// parent outside the link.
type SharedNode struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Dir         bool      `json:"is_dir"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type,omitempty"`
	Modified    time.Time `json:"modified_at"`
}

// Shared returns what a link shows of n.
func Shared(n Node) SharedNode {
	return SharedNode{ID: n.ID, Name: n.Name, Dir: n.Dir, Size: n.Size, ContentType: n.ContentType, Modified: n.Modified}
}

// ErrLinkBadPassword means a wrong link password was given (401).
var ErrLinkBadPassword = errors.New("drive: wrong share link password")

// unlockTTL is how long an unlocked link stays unlocked.
const unlockTTL = time.Hour

// OpenLink returns the link v names and its item, if v may use it.
func (s *Service) OpenLink(ctx context.Context, v LinkVisit) (Link, Node, error) {
	l, err := s.linkByToken(ctx, v.Token)
	if err != nil {
		return l, Node{}, err
	}
	n, err := s.node(ctx, s.db, l.FileID)
	if err != nil {
		return l, n, err
	}
	lin, err := lineage(ctx, s.db, n.ID)
	if err != nil {
		return l, n, err
	}
	trashed := false
	for _, a := range lin {
		trashed = trashed || a.Trashed
	}
	if err := decideLink(l, trashed, v.Viewer, s.unlocked(l, v.Unlock), s.now()); err != nil {
		return l, n, err
	}
	return l, n, nil
}

// LinkItem returns item fileID, which must be the link's item or below
// it (and not in the trash), if v may use the link.
func (s *Service) LinkItem(ctx context.Context, v LinkVisit, fileID string) (Link, Node, error) {
	l, top, err := s.OpenLink(ctx, v)
	if err != nil || fileID == top.ID {
		return l, top, err
	}
	notFound := fmt.Errorf("drive: item %q through link: %w", fileID, errs.NotFound)
	if !ids.Valid(fileID) {
		return l, top, notFound
	}
	lin, err := lineage(ctx, s.db, fileID)
	if errors.Is(err, errs.NotFound) {
		return l, top, notFound
	}
	if err != nil {
		return l, top, err
	}
	for _, a := range lin {
		if a.Trashed {
			return l, top, notFound
		}
		if a.ID == top.ID {
			n, err := s.node(ctx, s.db, fileID)
			return l, n, err
		}
	}
	return l, top, notFound
}

// LinkChildren lists folder n, reached through a link.
func (s *Service) LinkChildren(ctx context.Context, n Node) ([]SharedNode, error) {
	list := []SharedNode{}
	if !n.Dir {
		return list, nil
	}
	kids, err := s.children(ctx, s.db, n.ID)
	for _, k := range kids {
		list = append(list, Shared(k))
	}
	return list, err
}

// CountLinkDownload counts one full download through l, or answers
// ErrLinkGone when l has no download left.
func (s *Service) CountLinkDownload(ctx context.Context, l Link) error {
	res, err := s.db.ExecContext(ctx, `UPDATE drive_links SET downloads = downloads + 1
		WHERE id = $1 AND (max_downloads IS NULL OR downloads < max_downloads)`, l.ID)
	if err != nil {
		return fmt.Errorf("drive: count download of link %q: %w", l.ID, err)
	}
	if c, _ := res.RowsAffected(); c == 0 {
		return ErrLinkGone
	}
	return nil
}

// UnlockLink checks password for the link named token, from client
// address addr. Failures are rate limited per link and address. It
// returns the unlock cookie's value and when it expires.
func (s *Service) UnlockLink(ctx context.Context, token, password, addr string) (Link, string, time.Time, error) {
	l, err := s.linkByToken(ctx, token)
	if err != nil {
		return l, "", time.Time{}, err
	}
	if !l.HasPassword {
		return l, "", time.Time{}, errs.Explain(errs.Invalid, "This link has no password.")
	}
	key := tokenHash(token) + "|" + addr
	if wait := s.linkLimit.wait(key, s.opts.Now()); wait > 0 {
		return l, "", time.Time{}, fmt.Errorf("drive: link unlock: retry in %s: %w", wait.Round(time.Second), errs.TooMany)
	}
	if !verifyLinkPassword(password, l.passwordHash) {
		s.linkLimit.fail(key, s.opts.Now())
		return l, "", time.Time{}, ErrLinkBadPassword
	}
	exp := s.now().Add(unlockTTL)
	return l, unlockValue(l, exp), exp, nil
}

func (s *Service) linkByToken(ctx context.Context, token string) (Link, error) {
	l, err := scanLink(s.db.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM drive_links WHERE token_hash = $1`, tokenHash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("drive: share link: %w", errs.NotFound)
	}
	if err != nil {
		return l, fmt.Errorf("drive: share link: %w", err)
	}
	return l, nil
}

// unlockValue is "<unix expiry>.<MAC>": the MAC is keyed by the link's
// password hash, which never leaves the server, so the cookie is worth
// nothing for another link or once the link is gone.
func unlockValue(l Link, exp time.Time) string {
	e := strconv.FormatInt(exp.Unix(), 10)
	m := hmac.New(sha256.New, []byte(l.passwordHash))
	m.Write([]byte(l.ID + "|" + e))
	return e + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Service) unlocked(l Link, cookie string) bool {
	if !l.HasPassword || cookie == "" {
		return false
	}
	e, _, ok := strings.Cut(cookie, ".")
	sec, err := strconv.ParseInt(e, 10, 64)
	if !ok || err != nil || !s.now().Before(time.Unix(sec, 0)) {
		return false
	}
	return hmac.Equal([]byte(cookie), []byte(unlockValue(l, time.Unix(sec, 0))))
}

// Link passwords are hashed with argon2id, the cost identity uses for
// account passwords (19 MiB, 2 passes), in the PHC string format.
const (
	linkArgonMemory  = 19 * 1024
	linkArgonTime    = 2
	linkArgonThreads = 1
)

func hashLinkPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(pw), salt, linkArgonTime, linkArgonMemory, linkArgonThreads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, linkArgonMemory, linkArgonTime,
		linkArgonThreads, b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

func verifyLinkPassword(pw, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// linkLimiter slows down password guessing on links: per link and client
// address, 5 failures, then one every 30 s. It is kept in memory, per
// node.
type linkLimiter struct {
	mu      sync.Mutex
	buckets map[string]*linkBucket
}

type linkBucket struct {
	tokens float64
	at     time.Time
}

const (
	linkBurst = 5
	linkEvery = 30 * time.Second
)

func newLinkLimiter() *linkLimiter { return &linkLimiter{buckets: map[string]*linkBucket{}} }

// refill brings b up to date at now.
func (b *linkBucket) refill(now time.Time) {
	b.tokens = min(linkBurst, b.tokens+float64(now.Sub(b.at))/float64(linkEvery))
	b.at = now
}

// wait returns how long key must wait before its next try.
func (l *linkLimiter) wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return 0
	}
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(linkEvery))
}

// fail takes a token from key's bucket.
func (l *linkLimiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 100000 { // forget full buckets
		for k, b := range l.buckets {
			if b.refill(now); b.tokens >= linkBurst {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &linkBucket{tokens: linkBurst, at: now}
		l.buckets[key] = b
	}
	b.refill(now)
	b.tokens = max(0, b.tokens-1)
}
