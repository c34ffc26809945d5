// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// makeRandomFile writes size random bytes (incompressible) to path and
// returns their SHA-256.
func makeRandomFile(path string, size int64) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], uint64(time.Now().UnixNano()))
	rng := rand.NewChaCha8(seed)
	h := sha256.New()
	buf := make([]byte, 1<<20)
	for left := size; left > 0; {
		chunk := buf[:min(int64(len(buf)), left)]
		rng.Read(chunk)
		h.Write(chunk)
		if _, err := f.Write(chunk); err != nil {
			return "", err
		}
		left -= int64(len(chunk))
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileSHA256 hashes the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// rcloneClient runs the rclone client, configured by environment
// variables only (remote "dav:"), against one server.
type rcloneClient struct {
	bin  string
	pass string // the server's password, obscured for rclone
}

func newRcloneClient(ctx context.Context, bin string, s *server) (*rcloneClient, error) {
	c := &rcloneClient{bin: bin}
	if s.pass != "" {
		out, err := exec.CommandContext(ctx, bin, "obscure", s.pass).Output()
		if err != nil {
			return nil, fmt.Errorf("rclone obscure: %w", err)
		}
		c.pass = strings.TrimSpace(string(out))
	}
	return c, nil
}

// copyto runs `rclone copyto src dst` and returns how long it took.
func (c *rcloneClient) copyto(ctx context.Context, s *server, src, dst string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, c.bin, "copyto", "--config", "/dev/null", "-q", "--ignore-times", src, dst)
	cmd.Env = append(os.Environ(), "RCLONE_CONFIG_DAV_TYPE=webdav", "RCLONE_CONFIG_DAV_URL="+s.url, "RCLONE_CONFIG_DAV_VENDOR=other")
	if s.user != "" {
		cmd.Env = append(cmd.Env, "RCLONE_CONFIG_DAV_USER="+s.user, "RCLONE_CONFIG_DAV_PASS="+c.pass)
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("rclone copyto %s %s: %w\n%s", src, dst, err, out)
	}
	return d, nil
}

// newClient is an HTTP client that keeps up to conns connections open.
func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 5 * time.Minute,
		Transport: &http.Transport{
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			DisableCompression:  true,
		},
	}
}

// do sends a request with a body to the server and drains the answer,
// which must have one of the expected statuses.
func do(ctx context.Context, c *http.Client, s *server, method, path string, body []byte, hdr map[string]string, want ...int) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.url+path, r)
	if err != nil {
		return err
	}
	s.auth(req)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, w := range want {
		if resp.StatusCode == w {
			return nil
		}
	}
	return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(msg))
}

// smallFile returns a copy of base with its first 8 bytes made unique to
// file i, so that no two files hold the same bytes.
func smallFile(base []byte, i int) []byte {
	b := bytes.Clone(base)
	binary.LittleEndian.PutUint64(b, uint64(i))
	return b
}

// putResult is the outcome of many concurrent PUTs.
type putResult struct {
	elapsed  time.Duration
	ok, fail int
	firstErr error
}

// putMany creates folder dir, then has clients goroutines PUT files of
// size bytes into it, each client one file after the other, each files
// but total in all, and times the PUTs. The client keeps a connection
// per goroutine.
func putMany(ctx context.Context, s *server, dir string, clients, each, size, total int) (putResult, error) {
	c := newClient(clients)
	defer c.CloseIdleConnections()
	if err := do(ctx, c, s, "MKCOL", dir+"/", nil, nil, http.StatusCreated); err != nil {
		return putResult{}, err
	}
	base := make([]byte, max(size, 8))
	rand.NewChaCha8([32]byte{1}).Read(base)
	var ok, fail atomic.Int64
	var once sync.Once
	var res putResult
	var wg sync.WaitGroup
	start := time.Now()
	for cl := range clients {
		wg.Go(func() {
			for i := range each {
				g := cl*each + i
				if g >= total || ctx.Err() != nil {
					return
				}
				err := do(ctx, c, s, http.MethodPut, fmt.Sprintf("%s/f%06d.bin", dir, g), smallFile(base, g)[:size], nil,
					http.StatusCreated, http.StatusNoContent, http.StatusOK)
				if err != nil {
					fail.Add(1)
					once.Do(func() { res.firstErr = err })
					continue
				}
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	res.elapsed, res.ok, res.fail = time.Since(start), int(ok.Load()), int(fail.Load())
	return res, ctx.Err()
}

// Bodies of the two PROPFIND requests measured.
const (
	allpropBody = "" // an empty body asks for all properties (RFC 4918 §9.1)
	namedBody   = `<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:getlastmodified/><D:getcontentlength/><D:resourcetype/><D:getcontenttype/></D:prop></D:propfind>`
)

// propfind sends PROPFIND Depth 1 on dir and returns the time until the
// last byte of the answer, its size and how many resources it lists.
func propfind(ctx context.Context, c *http.Client, s *server, dir, body string) (time.Duration, int64, int, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", s.url+dir+"/", r)
	if err != nil {
		return 0, 0, 0, err
	}
	s.auth(req)
	req.Header.Set("Depth", "1")
	if body != "" {
		req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	}
	var buf bytes.Buffer
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	_, err = buf.ReadFrom(resp.Body)
	d := time.Since(start)
	resp.Body.Close()
	if err != nil {
		return d, 0, 0, err
	}
	if resp.StatusCode != http.StatusMultiStatus {
		return d, 0, 0, fmt.Errorf("PROPFIND %s: %s", dir, resp.Status)
	}
	size := int64(buf.Len()) // before countResponses reads it
	n, err := countResponses(&buf)
	return d, size, n, err
}

// countResponses counts the DAV:response elements of a multistatus body.
func countResponses(r io.Reader) (int, error) {
	dec := xml.NewDecoder(r)
	n := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("multistatus: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Space == "DAV:" && se.Name.Local == "response" {
			n++
		}
	}
}
