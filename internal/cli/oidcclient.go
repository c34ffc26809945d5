// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func oidcClientCommand() *command {
	cfg := config.Default()
	fs := flag.NewFlagSet("oidc-client", flag.ContinueOnError)
	storageFlags(fs, &cfg)
	var name, id string
	var redirects, logouts stringList
	var public, trusted, asJSON bool
	fs.StringVar(&name, "name", "", "the application's name, shown on the consent screen (add)")
	fs.Var(&redirects, "redirect-uri", "a redirect URI, matched exactly; repeat for several (add)")
	fs.Var(&logouts, "post-logout-uri", "a URI the application may send users to after logout; repeat for several (add)")
	fs.BoolVar(&public, "public", false, "a public client (single-page or native app): no secret, PKCE required (add)")
	fs.BoolVar(&trusted, "trusted", false, "a first-party application: no consent screen, and its tokens work on Ensemble's API (add)")
	fs.BoolVar(&asJSON, "json", false, "print the result as JSON (add, list)")
	fs.StringVar(&id, "id", "", "the client's ID (delete)")
	c := &command{
		name:    "oidc-client",
		args:    " add|list|delete",
		summary: "Manage OpenID Connect clients: oidc-client add --name N --redirect-uri URI [--public] [--trusted] [--json]; list; delete --id ID.",
		flags:   fs,
		secrets: map[string]bool{"database": true},
	}
	c.run = func(env *environment, args []string) int {
		if len(args) != 1 {
			fmt.Fprintln(env.stderr, "ensemble oidc-client: say what to do: add, list or delete")
			return 2
		}
		switch args[0] {
		case "add":
			if name == "" || len(redirects) == 0 {
				fmt.Fprintln(env.stderr, "ensemble oidc-client add: --name and at least one --redirect-uri are required")
				return 2
			}
			return withClients(env, "oidc-client add", cfg, func(ctx context.Context, p *oidcop.Provider, a *audit.Log) error {
				cl, secret, err := p.CreateClient(ctx, oidcop.NewClient{Name: name, RedirectURIs: redirects, PostLogoutRedirectURIs: logouts, Public: public, Trusted: trusted})
				if err != nil {
					return err
				}
				a.Record(ctx, nil, audit.Event{Action: "oidc_client.create", ActorEmail: "command line", TargetType: "oidc_client", TargetID: cl.ID,
					Details: map[string]any{"name": cl.Name, "public": cl.Public, "trusted": cl.Trusted}})
				if asJSON {
					out := map[string]any{"client_id": cl.ID, "name": cl.Name, "redirect_uris": cl.RedirectURIs, "public": cl.Public, "trusted": cl.Trusted}
					if secret != "" {
						out["client_secret"] = secret
					}
					return json.NewEncoder(env.stdout).Encode(out)
				}
				fmt.Fprintf(env.stdout, "client_id=%s\n", cl.ID)
				if secret != "" {
					fmt.Fprintf(env.stdout, "client_secret=%s\n", secret)
				}
				return nil
			})
		case "list":
			return withClients(env, "oidc-client list", cfg, func(ctx context.Context, p *oidcop.Provider, _ *audit.Log) error {
				cs, err := p.ListClients(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return json.NewEncoder(env.stdout).Encode(cs)
				}
				tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tTYPE\tTRUSTED\tREDIRECT URIS\tCREATED")
				for _, cl := range cs {
					kind := "confidential"
					if cl.Public {
						kind = "public"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\t%s\n", cl.ID, cl.Name, kind, cl.Trusted, strings.Join(cl.RedirectURIs, " "), cl.CreatedAt.Local().Format(time.DateOnly))
				}
				return tw.Flush()
			})
		case "delete":
			if id == "" {
				fmt.Fprintln(env.stderr, "ensemble oidc-client delete: --id is required")
				return 2
			}
			return withClients(env, "oidc-client delete", cfg, func(ctx context.Context, p *oidcop.Provider, a *audit.Log) error {
				if err := p.DeleteClient(ctx, id); err != nil {
					return err
				}
				a.Record(ctx, nil, audit.Event{Action: "oidc_client.delete", ActorEmail: "command line", TargetType: "oidc_client", TargetID: id})
				fmt.Fprintf(env.stdout, "Deleted client %s; its tokens are revoked.\n", id)
				return nil
			})
		}
		fmt.Fprintf(env.stderr, "ensemble oidc-client: unknown action %q: want add, list or delete\n", args[0])
		return 2
	}
	return c
}

// withClients opens and migrates the configured database and runs fn with
// the client administration over it.
func withClients(env *environment, cmd string, cfg config.Config, fn func(ctx context.Context, p *oidcop.Provider, a *audit.Log) error) int {
	d, err := openDatabase(env.ctx, cfg)
	if err != nil {
		return fail(env, cmd, err)
	}
	defer d.Close()
	if _, err := d.Migrate(env.ctx); err != nil {
		return fail(env, cmd, err)
	}
	log := newLogger(env.stderr, cfg.LogFormat, cfg.LogLevel)
	if err := fn(env.ctx, oidcop.ClientAdmin(d), audit.New(d, log)); err != nil {
		return fail(env, cmd, err)
	}
	return 0
}
