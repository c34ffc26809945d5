// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// healthz says the process is alive; it checks nothing else, so that a
// slow database never gets the process restarted.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz says whether the server can do its work: the database, the blob
// store and, on several nodes, NATS answer. It answers 503 with the failing
// checks otherwise, so that a load balancer sends traffic elsewhere.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]func(context.Context) error{
		"database": s.db.Ping,
		"blobs":    s.blobs.Ping,
	}
	if p, ok := s.bus.(pinger); ok {
		checks["bus"] = p.Ping
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := map[string]string{}
	ready := true
	for name, check := range checks {
		wg.Go(func() {
			err := check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				ready = false
				results[name] = "unavailable"
				s.log.Warn("readiness check failed", "check", name, "err", err)
				return
			}
			results[name] = "ok"
		})
	}
	wg.Wait()
	status, code := "ok", http.StatusOK
	if !ready {
		status, code = "unavailable", http.StatusServiceUnavailable
	}
	httpx.WriteJSON(w, code, map[string]any{"status": status, "checks": results})
	return nil
}
