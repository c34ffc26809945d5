// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/server"
)

// serveAt runs a server on the data folder dir until stop is called.
func serveAt(t *testing.T, dir string) (url string, s *server.Server, stop func()) {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dir
	s, err := server.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	return "http://" + s.Addr().String(), s, func() { cancel(); <-done; s.Close() }
}

// dropAfter sends n bytes, then fails as a cut connection would.
type dropAfter struct {
	r io.Reader
}

func (d *dropAfter) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err == io.EOF {
		return n, errors.New("network cut")
	}
	return n, err
}

// A resumable upload (tus 1.0.0) survives a network cut and a server
// restart, twice, and completes intact.
func TestDriveResumableUpload(t *testing.T) {
	dir := t.TempDir()
	url, s, stop := serveAt(t, dir)
	u, err := s.Identity().CreateUser(t.Context(), identity.NewUser{Email: "tus@mairie.fr", Name: "Tus"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := s.Identity().CreateToken(t.Context(), u.ID, "tus", time.Hour)
	data := make([]byte, 5<<20+3)
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	tus := func(method, path string, body io.Reader, hdr ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), method, url+path, body)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Tus-Resumable", "1.0.0")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	meta := "filename " + base64.StdEncoding.EncodeToString([]byte("vidéo.bin")) + ",parent_id " + base64.StdEncoding.EncodeToString([]byte("root"))
	resp := tus("POST", "/api/v1/uploads", nil, "Upload-Length", strconv.Itoa(len(data)), "Upload-Metadata", meta)
	if resp == nil || resp.StatusCode != 201 || resp.Header.Get("Location") == "" {
		t.Fatalf("create = %v", resp)
	}
	loc := resp.Header.Get("Location")
	offset := func() int64 {
		t.Helper()
		r := tus("HEAD", loc, nil)
		if r == nil || r.StatusCode != 200 {
			t.Fatalf("HEAD = %v", r)
		}
		n, _ := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
		return n
	}
	// Two cuts, each followed by a server restart on the same data.
	for round, cut := range []int64{2 << 20, 4 << 20} {
		from := offset()
		tus("PATCH", loc, &dropAfter{bytes.NewReader(data[from:cut])},
			"Content-Type", "application/offset+octet-stream", "Upload-Offset", strconv.FormatInt(from, 10))
		stop()
		url, s, stop = serveAt(t, dir)
		got := offset()
		if got < from || got > cut {
			t.Fatalf("round %d: offset %d after a cut at %d (from %d)", round, got, cut, from)
		}
		t.Logf("round %d: cut at %d bytes, the restarted server has %d", round, cut, got)
	}
	defer stop()
	from := offset()
	resp = tus("PATCH", loc, bytes.NewReader(data[from:]), "Content-Type", "application/offset+octet-stream", "Upload-Offset", strconv.FormatInt(from, 10))
	if resp == nil || resp.StatusCode != 204 || resp.Header.Get("Ensemble-File-Id") == "" {
		t.Fatalf("final PATCH = %v", resp)
	}
	req, _ := http.NewRequest("GET", url+"/api/v1/files/"+resp.Header.Get("Ensemble-File-Id")+"/content", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	got, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	body, _ := io.ReadAll(got.Body)
	if !bytes.Equal(body, data) {
		t.Errorf("downloaded %d bytes, differing from the %d sent", len(body), len(data))
	}
	if r := tus("PATCH", loc, bytes.NewReader(nil), "Content-Type", "application/offset+octet-stream", "Upload-Offset", "0"); r == nil || r.StatusCode != 404 {
		t.Errorf("PATCH of a finished upload = %v; want 404", r)
	}
	if r := tus("POST", "/api/v1/uploads", nil, "Upload-Length", "10", "Tus-Resumable", "0.2.2"); r == nil || r.StatusCode != 412 {
		t.Errorf("wrong tus version = %v; want 412", r)
	}
}
