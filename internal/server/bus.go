// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"
	"log/slog"
	"os"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus"
	"github.com/ensemble-suite/ensemble/internal/config"
)

// pinger is a bus whose backend readiness can check (natsbus.Bus).
type pinger interface {
	Ping(ctx context.Context) error
}

// openBus returns the NATS bus when cfg.NATS is set, so that every node
// hears every other, and the in-process bus otherwise.
func openBus(ctx context.Context, cfg config.Config, log *slog.Logger) (bus.Bus, error) {
	if cfg.NATS == "" {
		return bus.NewLocal(0), nil
	}
	name := "ensemble"
	if host, err := os.Hostname(); err == nil {
		name += " " + host
	}
	b, err := natsbus.New(ctx, cfg.NATS, log, natsbus.WithName(name))
	if err != nil {
		return nil, err // not b: a nil *natsbus.Bus in a bus.Bus is not nil
	}
	return b, nil
}

// describeNATS names the NATS of cfg for messages, without its secrets.
func describeNATS(cfg config.Config) string {
	return "(" + natsbus.Redact(cfg.NATS) + ")"
}

// BusKind says which bus the server uses, for the start-up log line:
// "nats" or "local".
func (s *Server) BusKind() string {
	if _, ok := s.bus.(*natsbus.Bus); ok {
		return "nats"
	}
	return "local"
}
