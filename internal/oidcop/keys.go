// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// signingKey is an RS256 key kept in the database. The newest unretired
// key signs; retired ones stay published until the tokens they signed
// have expired.
type signingKey struct {
	id        string
	priv      *rsa.PrivateKey
	createdAt time.Time
	retiredAt time.Time
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.priv }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is a signingKey as JWKS shows it.
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.priv.PublicKey }

// keyCacheTTL bounds how long a node keeps using its list of keys before
// reading it again (a key it has never seen is looked up at once).
const keyCacheTTL = time.Minute

// loadKeys returns the published keys, newest first, from the cache or the
// database.
func (p *Provider) loadKeys(ctx context.Context, force bool) ([]signingKey, error) {
	p.keysMu.Lock()
	defer p.keysMu.Unlock()
	if !force && p.keys != nil && time.Since(p.keysRead) < keyCacheTTL {
		return p.keys, nil
	}
	rows, err := p.db.QueryContext(ctx, `SELECT id, private_pem, created_at, retired_at FROM oidc_keys WHERE retired_at = '' OR retired_at > $1
		ORDER BY created_at DESC, id DESC`, db.Time(p.now().Add(-p.opts.keyRetention())))
	if err != nil {
		return nil, fmt.Errorf("oidcop: load keys: %w", err)
	}
	defer rows.Close()
	var keys []signingKey
	for rows.Next() {
		var k signingKey
		var pemText, created, retired string
		if err := rows.Scan(&k.id, &pemText, &created, &retired); err != nil {
			return nil, fmt.Errorf("oidcop: load keys: %w", err)
		}
		block, _ := pem.Decode([]byte(pemText))
		if block == nil {
			return nil, fmt.Errorf("oidcop: key %s is not PEM", k.id)
		}
		priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		rsaKey, ok := priv.(*rsa.PrivateKey)
		if err != nil || !ok {
			return nil, fmt.Errorf("oidcop: key %s: not an RSA key: %v", k.id, err)
		}
		k.priv = rsaKey
		k.createdAt, _ = db.ParseTime(created)
		k.retiredAt, _ = db.ParseTime(retired)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("oidcop: load keys: %w", err)
	}
	p.keys, p.keysRead = keys, time.Now()
	return keys, nil
}

// currentKey returns the key that signs, making a new one when there is
// none or the current one is older than the rotation period.
func (p *Provider) currentKey(ctx context.Context) (signingKey, error) {
	keys, err := p.loadKeys(ctx, false)
	if err != nil {
		return signingKey{}, err
	}
	// The newest unretired key signs. (Two nodes rotating at once may
	// retire each other's new key; one of the two always stays unretired.)
	active := func(keys []signingKey) (signingKey, bool) {
		for _, k := range keys {
			if k.retiredAt.IsZero() {
				return k, p.now().Sub(k.createdAt) < p.opts.KeyRotation
			}
		}
		return signingKey{}, false
	}
	if k, ok := active(keys); ok {
		return k, nil
	}
	// One rotation at a time in this process: whoever waited finds the
	// new key instead of making another.
	p.rotateMu.Lock()
	defer p.rotateMu.Unlock()
	if keys, err = p.loadKeys(ctx, true); err == nil {
		if k, ok := active(keys); ok {
			return k, nil
		}
	}
	if err := p.RotateKeys(ctx); err != nil {
		return signingKey{}, err
	}
	keys, err = p.loadKeys(ctx, true)
	if err != nil {
		return signingKey{}, err
	}
	for _, k := range keys {
		if k.retiredAt.IsZero() {
			return k, nil
		}
	}
	return signingKey{}, fmt.Errorf("oidcop: no signing key after rotation")
}

// RotateKeys makes a new signing key and retires the others; they stay
// published until every token they signed has expired. Two nodes rotating
// at once only make one extra key.
func (p *Provider) RotateKeys(ctx context.Context) error {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("oidcop: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return fmt.Errorf("oidcop: encode key: %w", err)
	}
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	now := p.now()
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE oidc_keys SET retired_at = $1 WHERE retired_at = ''`, db.Time(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_keys (id, algorithm, private_pem, created_at) VALUES ($1, 'RS256', $2, $3)`,
			ids.New(), pemText, db.Time(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("oidcop: rotate keys: %w", err)
	}
	_, err = p.loadKeys(ctx, true)
	return err
}

// pruneKeys deletes keys retired long enough ago that nothing they signed
// is still valid.
func (p *Provider) pruneKeys(ctx context.Context) error {
	_, err := p.db.ExecContext(ctx, `DELETE FROM oidc_keys WHERE retired_at <> '' AND retired_at < $1`,
		db.Time(p.now().Add(-p.opts.keyRetention())))
	if err != nil {
		return fmt.Errorf("oidcop: prune keys: %w", err)
	}
	return nil
}

// keySet verifies the signatures of tokens this provider issued. A key ID
// it does not know makes it read the keys again: another node may have
// rotated.
type keySet struct{ p *Provider }

var _ oidc.KeySet = (*keySet)(nil)

// VerifySignature checks jws against the published keys.
func (s *keySet) VerifySignature(ctx context.Context, jws *jose.JSONWebSignature) ([]byte, error) {
	keyID, alg := oidc.GetKeyIDAndAlg(jws)
	for _, force := range []bool{false, true} {
		keys, err := s.p.loadKeys(ctx, force)
		if err != nil {
			return nil, err
		}
		pub := make([]jose.JSONWebKey, 0, len(keys))
		for _, k := range keys {
			pub = append(pub, jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.id, Algorithm: string(jose.RS256), Use: oidc.KeyUseSignature})
		}
		key, err := oidc.FindMatchingKey(keyID, oidc.KeyUseSignature, alg, pub...)
		if err == nil {
			return jws.Verify(&key)
		}
	}
	return nil, fmt.Errorf("oidcop: no published key %q", keyID)
}

// publishedKeys is the JWKS.
func (p *Provider) publishedKeys(ctx context.Context) ([]op.Key, error) {
	keys, err := p.loadKeys(ctx, false)
	if err != nil {
		return nil, err
	}
	out := make([]op.Key, len(keys))
	for i, k := range keys {
		out[i] = publicKey{k}
	}
	return out, nil
}
