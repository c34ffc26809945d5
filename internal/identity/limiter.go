// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"sync"
	"time"
)

// loginLimiter slows down password guessing: per account and per client
// address, each failed login costs a token from a bucket that refills
// slowly. A success empties nothing but resets the account's bucket.
// It is kept in memory, per node: a cluster of n nodes lets n times more
// guesses through, which still bounds guessing to a few per minute.
type loginLimiter struct {
	now func() time.Time

	mu       sync.Mutex
	accounts map[string]*bucket
	addrs    map[string]*bucket
	lastGC   time.Time
}

// Budgets: 5 failures per account, then one every 30 s; 30 per address
// (an office behind one NAT), then one every 2 s.
var (
	accountBudget = budget{burst: 5, every: 30 * time.Second}
	addrBudget    = budget{burst: 30, every: 2 * time.Second}
)

type budget struct {
	burst float64
	every time.Duration
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, accounts: map[string]*bucket{}, addrs: map[string]*bucket{}}
}

// check returns how long the caller must wait before trying again, zero if
// it may try now.
func (l *loginLimiter) check(account, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	wait := max(l.level(l.accounts, account, accountBudget, now), l.level(l.addrs, addr, addrBudget, now))
	return wait
}

// fail records a failed attempt.
func (l *loginLimiter) fail(account, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.take(l.accounts, account, accountBudget, now)
	l.take(l.addrs, addr, addrBudget, now)
	if now.Sub(l.lastGC) > 10*time.Minute {
		l.gc(now)
	}
}

// succeed forgets the account's failures.
func (l *loginLimiter) succeed(account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.accounts, account)
}

// level refills key's bucket and returns the wait before one token is there.
func (l *loginLimiter) level(m map[string]*bucket, key string, b budget, now time.Time) time.Duration {
	bk, ok := m[key]
	if !ok {
		return 0
	}
	bk.tokens = min(b.burst, bk.tokens+float64(now.Sub(bk.at))/float64(b.every))
	bk.at = now
	if bk.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - bk.tokens) * float64(b.every))
}

func (l *loginLimiter) take(m map[string]*bucket, key string, b budget, now time.Time) {
	bk, ok := m[key]
	if !ok {
		bk = &bucket{tokens: b.burst, at: now}
		m[key] = bk
	}
	l.level(m, key, b, now)
	bk.tokens = max(bk.tokens-1, 0)
}

// gc drops full buckets, which hold no information.
func (l *loginLimiter) gc(now time.Time) {
	l.lastGC = now
	for _, pair := range []struct {
		m map[string]*bucket
		b budget
	}{{l.accounts, accountBudget}, {l.addrs, addrBudget}} {
		for k, bk := range pair.m {
			if bk.tokens+float64(now.Sub(bk.at))/float64(pair.b.every) >= pair.b.burst {
				delete(pair.m, k)
			}
		}
	}
}
