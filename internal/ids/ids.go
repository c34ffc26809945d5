// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package ids makes identifiers and secrets.
//
// An ID (New) is 26 characters of Crockford base32 holding a millisecond
// timestamp and 80 random bits, like a ULID: unique without coordination
// between nodes, sortable by creation time (good for database indexes), and
// opaque to users. A secret (Secret) is 256 random bits with a readable
// prefix, shown once and stored only as its hash (Hash).
package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
)

var crockford = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// New returns a new ID.
func New() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	rand.Read(b[6:])
	return crockford.EncodeToString(b[:])[:26]
}

// Valid reports whether s has the shape of an ID, so that handlers can
// refuse garbage before it reaches the database.
func Valid(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefghjkmnpqrstvwxyz", c) {
			return false
		}
	}
	return true
}

// Secret returns a new secret: prefix, then 52 characters of base32 (256 bits).
func Secret(prefix string) string {
	var b [32]byte
	rand.Read(b[:])
	return prefix + crockford.EncodeToString(b[:])
}

// Hash returns the hex SHA-256 of a secret, which is what is stored. A
// secret has 256 bits of entropy, so a fast hash is enough.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
