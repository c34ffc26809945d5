// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus/natsbus/natsembed"
	"github.com/ensemble-suite/ensemble/internal/config"
)

// TestReadyzChecksNATS starts a server on a NATS of its own: /readyz
// checks the bus, and says so when NATS goes away.
func TestReadyzChecksNATS(t *testing.T) {
	ns, err := natsembed.Start(t.Context(), nil, natsembed.Options{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	ts := start(t, func(c *config.Config) { c.NATS = ns.URL() })
	if got := ts.BusKind(); got != "nats" {
		t.Errorf("BusKind() = %q; want nats", got)
	}
	checks := func() (int, map[string]string) {
		resp, body := ts.do(t, "GET", "/readyz", nil, nil)
		var r struct{ Checks map[string]string }
		json.Unmarshal(body, &r)
		return resp.StatusCode, r.Checks
	}
	if code, c := checks(); code != 200 || c["bus"] != "ok" {
		t.Fatalf("/readyz = %d %v; want 200 with bus ok", code, c)
	}
	ns.Shutdown()
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, c := checks()
		if code == 503 && c["bus"] == "unavailable" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz with NATS down = %d %v; want 503 with bus unavailable", code, c)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
