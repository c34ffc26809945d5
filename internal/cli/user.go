// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// withIdentity opens and migrates the configured database and runs fn with
// an identity service over it.
func withIdentity(env *environment, cmd string, cfg config.Config, fn func(ctx context.Context, id *identity.Service) error) int {
	d, err := openDatabase(env.ctx, cfg)
	if err != nil {
		return fail(env, cmd, err)
	}
	defer d.Close()
	if _, err := d.Migrate(env.ctx); err != nil {
		return fail(env, cmd, err)
	}
	log := newLogger(env.stderr, cfg.LogFormat, cfg.LogLevel)
	svc := identity.New(d, audit.New(d, log), log, identity.Options{})
	if err := fn(env.ctx, svc); err != nil {
		return fail(env, cmd, err)
	}
	return 0
}

func userCommand() *command {
	cfg := config.Default()
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	storageFlags(fs, &cfg)
	var email, name, locale string
	var admin, passwordStdin bool
	fs.StringVar(&email, "email", "", "the account's email (add, disable, enable)")
	fs.StringVar(&name, "name", "", "the account's display name (add)")
	fs.StringVar(&locale, "locale", "", "the account's language: fr, en or de; empty follows the browser (add)")
	fs.BoolVar(&admin, "admin", false, "make the account an administrator (add)")
	fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input (add)")
	c := &command{
		name:    "user",
		args:    " add|list|disable|enable",
		summary: "Manage accounts: user add --email E --name N [--admin] --password-stdin; user list; user disable --email E.",
		flags:   fs,
		secrets: map[string]bool{"database": true},
	}
	c.run = func(env *environment, args []string) int {
		if len(args) != 1 {
			fmt.Fprintln(env.stderr, "ensemble user: say what to do: add, list, disable or enable")
			return 2
		}
		switch args[0] {
		case "add":
			if email == "" || name == "" {
				fmt.Fprintln(env.stderr, "ensemble user add: --email and --name are required")
				return 2
			}
			password := ""
			if passwordStdin {
				var err error
				if password, err = readSecretLine(env.stdin); err != nil {
					return fail(env, "user add", err)
				}
			}
			return withIdentity(env, "user add", cfg, func(ctx context.Context, id *identity.Service) error {
				u, err := id.CreateUser(ctx, identity.NewUser{Email: email, Name: name, Locale: locale, Password: password, Admin: admin})
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "Created %s (%s), id %s%s.\n", u.Email, u.Name, u.ID, map[bool]string{true: ", administrator"}[u.Admin])
				return nil
			})
		case "list":
			return withIdentity(env, "user list", cfg, func(ctx context.Context, id *identity.Service) error {
				users, err := id.ListUsers(ctx, "")
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tSTATE\tCREATED")
				for _, u := range users {
					role, state := "user", "active"
					if u.Admin {
						role = "admin"
					}
					if u.Disabled {
						state = "disabled"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, role, state, u.CreatedAt.Local().Format(time.DateOnly))
				}
				return tw.Flush()
			})
		case "disable", "enable":
			if email == "" {
				fmt.Fprintf(env.stderr, "ensemble user %s: --email is required\n", args[0])
				return 2
			}
			return withIdentity(env, "user "+args[0], cfg, func(ctx context.Context, id *identity.Service) error {
				u, err := id.UserByEmail(ctx, email)
				if err != nil {
					return err
				}
				if err := id.SetDisabled(ctx, u.ID, args[0] == "disable"); err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "%s is now %sd.\n", u.Email, args[0])
				return nil
			})
		}
		fmt.Fprintf(env.stderr, "ensemble user: unknown action %q: want add, list, disable or enable\n", args[0])
		return 2
	}
	return c
}

func tokenCommand() *command {
	cfg := config.Default()
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	storageFlags(fs, &cfg)
	var email, name string
	var expires time.Duration
	fs.StringVar(&email, "email", "", "the account the token acts for")
	fs.StringVar(&name, "name", "", "what the token is for, to recognise it in the account page")
	fs.DurationVar(&expires, "expires", 0, "lifetime, such as 720h; 0 never expires")
	c := &command{
		name:    "token",
		args:    " create",
		summary: "Create a personal access token: token create --email E --name N [--expires 720h]; prints it alone.",
		flags:   fs,
		secrets: map[string]bool{"database": true},
	}
	c.run = func(env *environment, args []string) int {
		if len(args) != 1 || args[0] != "create" {
			fmt.Fprintln(env.stderr, "ensemble token: the only action is create")
			return 2
		}
		if email == "" || name == "" {
			fmt.Fprintln(env.stderr, "ensemble token create: --email and --name are required")
			return 2
		}
		return withIdentity(env, "token create", cfg, func(ctx context.Context, id *identity.Service) error {
			u, err := id.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			if u.Disabled {
				return fmt.Errorf("%s is disabled", u.Email)
			}
			_, secret, err := id.CreateToken(ctx, u.ID, name, expires)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.stdout, secret)
			return nil
		})
	}
	return c
}

// readSecretLine reads one line, without its line ending.
func readSecretLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return line, nil
}
