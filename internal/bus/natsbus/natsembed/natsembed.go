// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package natsembed runs a NATS server inside the process, so that the
// NATS bus (package natsbus) works with no NATS to install: in tests, in
// multi-node tests that run every node in one process, and on a single
// node that wants the NATS code path.
//
// It is a package of its own because importing nats-server adds about
// 13 MB to the binary; a server that only connects to an external NATS
// does not import it.
package natsembed

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Server is a NATS server running in this process.
type Server struct {
	srv *server.Server
}

// Options says how to start a Server.
type Options struct {
	// Listen, when not empty, is a host:port to accept NATS clients on as
	// well ("127.0.0.1:0" for a free loopback port); empty means in-process
	// connections only.
	Listen string
}

// Start starts a server and waits until it accepts connections. Its log
// goes to log (notices at debug level).
func Start(ctx context.Context, log *slog.Logger, opts Options) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	so := &server.Options{ServerName: "ensemble-embedded", DontListen: true, NoSigs: true}
	if opts.Listen != "" {
		host, port, err := net.SplitHostPort(opts.Listen)
		if err != nil {
			return nil, fmt.Errorf("natsembed: listen %q: %w", opts.Listen, errs.Invalid)
		}
		so.DontListen, so.Host = false, host
		if so.Port, err = net.LookupPort("tcp", port); err != nil {
			return nil, fmt.Errorf("natsembed: listen %q: %w", opts.Listen, errs.Invalid)
		}
		if so.Port == 0 {
			so.Port = server.RANDOM_PORT
		}
	}
	srv, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("natsembed: %w", err)
	}
	srv.SetLogger(serverLog{log.With("component", "nats-server")}, false, false)
	srv.Start()
	ready := make(chan bool, 1)
	go func() { ready <- srv.ReadyForConnections(10 * time.Second) }()
	select {
	case ok := <-ready:
		if !ok {
			srv.Shutdown()
			return nil, fmt.Errorf("natsembed: the server did not start: %w", errs.Unavailable)
		}
	case <-ctx.Done():
		srv.Shutdown()
		return nil, ctx.Err()
	}
	return &Server{srv: srv}, nil
}

// URL is the nats:// URL clients on other processes connect to, or "" if
// the server does not listen.
func (s *Server) URL() string {
	if s.srv.Addr() == nil {
		return ""
	}
	return s.srv.ClientURL()
}

// Connect returns a bus connected to s in process. Close it before s.
func (s *Server) Connect(ctx context.Context, log *slog.Logger, opts ...natsbus.Option) (*natsbus.Bus, error) {
	return natsbus.NewInProcess(ctx, s.srv, log, opts...)
}

// Shutdown stops the server and waits until it has stopped.
func (s *Server) Shutdown() {
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
}

// Bus is a natsbus.Bus with a server of its own, which Close stops.
type Bus struct {
	*natsbus.Bus
	server *Server
}

var _ bus.Bus = (*Bus)(nil)

// New starts a server that does not listen, and returns a bus connected
// to it in process.
func New(ctx context.Context, log *slog.Logger, opts ...natsbus.Option) (*Bus, error) {
	s, err := Start(ctx, log, Options{})
	if err != nil {
		return nil, err
	}
	b, err := s.Connect(ctx, log, opts...)
	if err != nil {
		s.Shutdown()
		return nil, err
	}
	return &Bus{Bus: b, server: s}, nil
}

// Close closes the bus, then stops its server.
func (b *Bus) Close() error {
	err := b.Bus.Close()
	b.server.Shutdown()
	return err
}

// serverLog sends the server's log to slog: notices as debug (it is
// chatty at start), warnings and errors as themselves.
type serverLog struct{ log *slog.Logger }

func (l serverLog) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLog) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l serverLog) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLog) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLog) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLog) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
