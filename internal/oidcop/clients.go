// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Client is an application registered to sign users in through Ensemble.
type Client struct {
	ID                     string    `json:"id"`
	Name                   string    `json:"name"`
	RedirectURIs           []string  `json:"redirect_uris"`
	PostLogoutRedirectURIs []string  `json:"post_logout_redirect_uris"`
	Public                 bool      `json:"public"`
	Trusted                bool      `json:"trusted"`
	Builtin                bool      `json:"builtin"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
	secretHash             string
}

// NewClient is what CreateClient needs.
type NewClient struct {
	Name                   string   `json:"name"`
	RedirectURIs           []string `json:"redirect_uris"`
	PostLogoutRedirectURIs []string `json:"post_logout_redirect_uris,omitempty"`
	Public                 bool     `json:"public,omitempty"`
	Trusted                bool     `json:"trusted,omitempty"`
}

// ClientPatch holds the fields of a client to change; nil ones stay.
type ClientPatch struct {
	Name                   *string   `json:"name,omitempty"`
	RedirectURIs           *[]string `json:"redirect_uris,omitempty"`
	PostLogoutRedirectURIs *[]string `json:"post_logout_redirect_uris,omitempty"`
	Trusted                *bool     `json:"trusted,omitempty"`
}

const clientSecretPrefix = "ens_cs_"

func checkClientName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || strings.ContainsAny(name, "\x00\r\n<>") {
		return "", fmt.Errorf("oidcop: client name: %w", errs.Explain(errs.Invalid, "The application name must be 1 to 100 characters, without < or >."))
	}
	return name, nil
}

// checkURIs accepts absolute URIs without fragments: https anywhere, http
// (checked again per request by the library's rules), or a native app's
// custom scheme. They are matched exactly, never as prefixes.
func checkURIs(what string, uris []string, atLeastOne bool) ([]string, error) {
	if atLeastOne && len(uris) == 0 {
		return nil, fmt.Errorf("oidcop: %w", errs.Explain(errs.Invalid, "At least one %s is required.", what))
	}
	if len(uris) > 20 {
		return nil, fmt.Errorf("oidcop: %w", errs.Explain(errs.Invalid, "At most 20 %ss are allowed.", what))
	}
	out := make([]string, 0, len(uris))
	for _, raw := range uris {
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() || u.Fragment != "" || strings.Contains(raw, "#") || len(raw) > 2000 ||
			((u.Scheme == "http" || u.Scheme == "https") && u.Host == "") || strings.ContainsAny(raw, " \t\r\n*") {
			return nil, fmt.Errorf("oidcop: %w", errs.Explain(errs.Invalid, "The %s %q must be an absolute URI, without fragment or wildcard.", what, raw))
		}
		out = append(out, raw)
	}
	return out, nil
}

// CreateClient registers a client and returns it with its secret, shown
// only now (empty for a public client).
func (p *Provider) CreateClient(ctx context.Context, n NewClient) (Client, string, error) {
	return p.createClient(ctx, n, ids.New(), false)
}

func (p *Provider) createClient(ctx context.Context, n NewClient, id string, builtin bool) (Client, string, error) {
	name, err := checkClientName(n.Name)
	if err != nil {
		return Client{}, "", err
	}
	redirects, err := checkURIs("redirect URI", n.RedirectURIs, true)
	if err != nil {
		return Client{}, "", err
	}
	logouts, err := checkURIs("post-logout redirect URI", n.PostLogoutRedirectURIs, false)
	if err != nil {
		return Client{}, "", err
	}
	secret, hash := "", ""
	if !n.Public {
		secret = ids.Secret(clientSecretPrefix)
		hash = ids.Hash(secret)
	}
	now := p.now().UTC().Truncate(time.Microsecond)
	c := Client{ID: id, Name: name, RedirectURIs: redirects, PostLogoutRedirectURIs: logouts, Public: n.Public,
		Trusted: n.Trusted, Builtin: builtin, CreatedAt: now, UpdatedAt: now, secretHash: hash}
	r, _ := json.Marshal(redirects)
	l, _ := json.Marshal(logouts)
	_, err = p.db.ExecContext(ctx, `INSERT INTO oidc_clients (id, secret_hash, name, redirect_uris, post_logout_uris, public, trusted, builtin, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, id, hash, name, string(r), string(l), n.Public, n.Trusted, builtin, db.Time(now))
	if db.IsUniqueViolation(err) {
		return Client{}, "", fmt.Errorf("oidcop: client %q exists: %w", id, errs.Conflict)
	}
	if err != nil {
		return Client{}, "", fmt.Errorf("oidcop: create client: %w", err)
	}
	return c, secret, nil
}

const clientColumns = `id, secret_hash, name, redirect_uris, post_logout_uris, public, trusted, builtin, created_at, updated_at`

func scanClient(r interface{ Scan(...any) error }) (Client, error) {
	var c Client
	var redirects, logouts, created, updated string
	if err := r.Scan(&c.ID, &c.secretHash, &c.Name, &redirects, &logouts, &c.Public, &c.Trusted, &c.Builtin, &created, &updated); err != nil {
		return Client{}, err
	}
	if err := json.Unmarshal([]byte(redirects), &c.RedirectURIs); err != nil {
		return Client{}, fmt.Errorf("oidcop: client %q redirect URIs: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(logouts), &c.PostLogoutRedirectURIs); err != nil {
		return Client{}, fmt.Errorf("oidcop: client %q post-logout URIs: %w", c.ID, err)
	}
	c.CreatedAt, _ = db.ParseTime(created)
	c.UpdatedAt, _ = db.ParseTime(updated)
	return c, nil
}

// ClientByID returns a client, or errs.NotFound.
func (p *Provider) ClientByID(ctx context.Context, id string) (Client, error) {
	c, err := scanClient(p.db.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM oidc_clients WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Client{}, fmt.Errorf("oidcop: client %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return Client{}, fmt.Errorf("oidcop: client %q: %w", id, err)
	}
	return c, nil
}

// ListClients returns every client, by name.
func (p *Provider) ListClients(ctx context.Context) ([]Client, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM oidc_clients ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("oidcop: list clients: %w", err)
	}
	defer rows.Close()
	out := []Client{}
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, fmt.Errorf("oidcop: list clients: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateClient changes the fields of a client that patch sets.
func (p *Provider) UpdateClient(ctx context.Context, id string, patch ClientPatch) (Client, error) {
	c, err := p.ClientByID(ctx, id)
	if err != nil {
		return Client{}, err
	}
	if patch.Name != nil {
		if c.Name, err = checkClientName(*patch.Name); err != nil {
			return Client{}, err
		}
	}
	if patch.RedirectURIs != nil {
		if c.RedirectURIs, err = checkURIs("redirect URI", *patch.RedirectURIs, true); err != nil {
			return Client{}, err
		}
	}
	if patch.PostLogoutRedirectURIs != nil {
		if c.PostLogoutRedirectURIs, err = checkURIs("post-logout redirect URI", *patch.PostLogoutRedirectURIs, false); err != nil {
			return Client{}, err
		}
	}
	if patch.Trusted != nil {
		c.Trusted = *patch.Trusted
	}
	c.UpdatedAt = p.now().UTC().Truncate(time.Microsecond)
	r, _ := json.Marshal(c.RedirectURIs)
	l, _ := json.Marshal(c.PostLogoutRedirectURIs)
	_, err = p.db.ExecContext(ctx, `UPDATE oidc_clients SET name = $1, redirect_uris = $2, post_logout_uris = $3, trusted = $4, updated_at = $5 WHERE id = $6`,
		c.Name, string(r), string(l), c.Trusted, db.Time(c.UpdatedAt), id)
	if err != nil {
		return Client{}, fmt.Errorf("oidcop: update client %q: %w", id, err)
	}
	return c, nil
}

// DeleteClient removes a client and revokes every token issued to it.
func (p *Provider) DeleteClient(ctx context.Context, id string) error {
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM oidc_clients WHERE id = $1 AND builtin = FALSE`, id)
		if err != nil {
			return fmt.Errorf("oidcop: delete client %q: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("oidcop: client %q (the built-in web client cannot be deleted): %w", id, errs.NotFound)
		}
		for _, q := range []string{
			`UPDATE oidc_grants SET revoked_at = $2 WHERE client_id = $1 AND revoked_at = ''`,
			`UPDATE oidc_access_tokens SET revoked = TRUE WHERE client_id = $1 AND $2 <> ''`,
			`UPDATE oidc_refresh_tokens SET revoked = TRUE WHERE client_id = $1 AND $2 <> ''`,
		} {
			if _, err := tx.ExecContext(ctx, q, id, db.Time(p.now())); err != nil {
				return fmt.Errorf("oidcop: delete client %q: %w", id, err)
			}
		}
		return nil
	})
}

// checkSecret reports whether secret is the client's, in constant time.
func (c Client) checkSecret(secret string) bool {
	if c.Public || c.secretHash == "" || secret == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(ids.Hash(secret)), []byte(c.secretHash)) == 1
}

// webRedirectPath is where Ensemble's own web UI receives its code.
const webRedirectPath = "/auth/callback"

// ensureWebClient creates the built-in client of Ensemble's web UI if it is
// missing, and keeps its redirect URI in step with the issuer.
func (p *Provider) ensureWebClient(ctx context.Context) (string, error) {
	const id = "ensemble-web"
	redirect := p.issuer.JoinPath(webRedirectPath).String()
	c, err := p.ClientByID(ctx, id)
	if errors.Is(err, errs.NotFound) {
		_, _, err = p.createClient(ctx, NewClient{Name: "Ensemble", RedirectURIs: []string{redirect},
			PostLogoutRedirectURIs: []string{p.issuer.JoinPath("/").String()}, Public: true, Trusted: true}, id, true)
		if errors.Is(err, errs.Conflict) { // another node made it at the same moment
			return id, nil
		}
		return id, err
	}
	if err != nil {
		return "", err
	}
	if len(c.RedirectURIs) != 1 || c.RedirectURIs[0] != redirect {
		uris := []string{redirect}
		logout := []string{p.issuer.JoinPath("/").String()}
		_, err = p.UpdateClient(ctx, id, ClientPatch{RedirectURIs: &uris, PostLogoutRedirectURIs: &logout})
	}
	return id, err
}

// ClientAdmin returns a provider over d on which only the client methods
// (CreateClient, ListClients, ClientByID, UpdateClient, DeleteClient) may
// be called: for the command line, which works on the database whether or
// not a server runs.
func ClientAdmin(d *db.DB) *Provider {
	p := &Provider{db: d, opts: Options{}}
	p.opts.defaults()
	return p
}
