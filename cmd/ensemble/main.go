// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command ensemble runs the Ensemble workspace suite: `ensemble serve`
// starts everything on one port. Run `ensemble help` for every command.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ensemble-suite/ensemble/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// A second signal kills the process at once.
	context.AfterFunc(ctx, stop)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
