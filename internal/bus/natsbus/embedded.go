// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// NewEmbedded starts a NATS server inside the process, with no network
// listener, and returns a Bus connected to it in process. Close shuts the
// server down. It serves tests and single-node installations that want
// the NATS code path without running NATS.
func NewEmbedded(ctx context.Context, log *slog.Logger, opts ...Option) (*Bus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv, err := server.NewServer(&server.Options{
		ServerName: "ensemble-embedded",
		DontListen: true,
		NoSigs:     true,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbus: embedded server: %w", err)
	}
	srv.SetLogger(serverLog{log.With("component", "nats-server")}, false, false)
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("natsbus: embedded server did not start: %w", errs.Unavailable)
	}
	b, err := connect(ctx, "nats://in-process", log, srv, opts)
	if err != nil {
		srv.Shutdown()
		return nil, err
	}
	b.server = srv
	return b, nil
}

// serverLog sends the embedded server's log to slog: notices as debug (it
// is chatty at start), warnings and errors as themselves.
type serverLog struct{ log *slog.Logger }

func (l serverLog) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLog) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l serverLog) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLog) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLog) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLog) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
