// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Argon2Params is the cost of an argon2id hash. Each hash stores its own,
// so that raising the cost rehashes passwords at their next login.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultArgon2 follows OWASP's recommendation for argon2id (19 MiB, 2
// passes, 1 thread): about 30 ms on one core of a small server.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// MinPasswordLen and MaxPasswordLen bound passwords, in characters. The
// maximum keeps hashing cost bounded; anything between is accepted, as
// NIST SP 800-63B recommends, with no composition rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// ErrWeakPassword marks a password refused by CheckPasswordPolicy.
var ErrWeakPassword = errors.New("password refused by the policy")

// CheckPasswordPolicy says whether pw may be used as a password.
func CheckPasswordPolicy(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return fmt.Errorf("identity: %w: %w", ErrWeakPassword, errs.Explain(errs.Invalid, "The password must be at least %d characters long.", MinPasswordLen))
	}
	if n > MaxPasswordLen || !utf8.ValidString(pw) {
		return fmt.Errorf("identity: %w: %w", ErrWeakPassword, errs.Explain(errs.Invalid, "The password must be at most %d characters long.", MaxPasswordLen))
	}
	return nil
}

// hashPassword returns the PHC string of pw:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func hashPassword(pw string, p Argon2Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

var errBadHash = errors.New("identity: malformed password hash")

// verifyPassword reports whether pw matches the PHC string, and the
// parameters the hash was made with.
func verifyPassword(pw, encoded string) (bool, Argon2Params, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, Argon2Params{}, errBadHash
	}
	var v int
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, p, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Memory == 0 || p.Time == 0 || p.Threads == 0 || p.Memory > 1<<22 {
		return false, p, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false, p, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, p, nil
}

// dummyHash is an argon2id hash, with DefaultArgon2's cost, of a random
// password nobody knows: verifying a password against it for an unknown
// email takes as long as for a real account.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$Mw62kYucHCRGuzPc6O/hJQ$OlUEyayzaawhNjIvdkSQBjPAShQdEidg8RX9gz8BBD8"
