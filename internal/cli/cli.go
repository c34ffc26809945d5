// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package cli is Ensemble's command line: it parses the subcommands and
// their flags (each also settable from an ENSEMBLE_* environment variable,
// secrets from a file named by ENSEMBLE_*_FILE), and runs them.
//
// Exit statuses: 0 for success, 1 when the command could not do its work (a
// port in use, an unreachable database), 2 for a mistake in the command line.
// Administrative commands work on the configured database directly, whether
// or not a server is running.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
)

// environment is what a command may touch of the outside world, so that
// tests can run commands in process.
type environment struct {
	ctx    context.Context
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Main runs the command line args (without the program name) and returns
// the exit status. ctx ends when the process is asked to stop.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &environment{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 {
		helpText(stderr, cmds)
		return 2
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(rest) > 0 {
			if c, ok := cmds[rest[0]]; ok {
				c.usage(stdout)
				return 0
			}
			fmt.Fprintf(stderr, "ensemble help: unknown command %q\n", rest[0])
			return 2
		}
		helpText(stdout, cmds)
		return 0
	case "--version", "-version":
		name = "version"
	}
	c, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "ensemble: unknown command %q. Run 'ensemble help' for the list.\n", name)
		return 2
	}
	if err := c.parse(rest, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "ensemble %s: %v\nRun 'ensemble help %s' for the flags.\n", c.name, err, c.name)
		return 2
	}
	return c.run(env, c.positional)
}

// commands lists every subcommand by name.
func commands() map[string]*command {
	list := []*command{serveCommand(), migrateCommand(), versionCommand(), userCommand(), tokenCommand(), oidcClientCommand()}
	m := make(map[string]*command, len(list))
	for _, c := range list {
		m[c.name] = c
	}
	return m
}

func helpText(w io.Writer, cmds map[string]*command) {
	fmt.Fprintf(w, "Ensemble: the sovereign workspace suite — documents, files, chat and meetings behind one login.\n\nUsage: ensemble <command> [flags]\n\nCommands:\n")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintf(w, "  %-10s %s\n", "help", "Show this list, or the flags of a command: ensemble help serve")
	fmt.Fprintf(w, "\nEvery flag can also be set with an environment variable: --base-url is ENSEMBLE_BASE_URL.\n")
}

// newLogger returns the process's logger, writing to w.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(format, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// fail reports err on one line and returns the exit status for it.
func fail(env *environment, cmd string, err error) int {
	fmt.Fprintf(env.stderr, "ensemble %s: %v\n", cmd, err)
	return 1
}
