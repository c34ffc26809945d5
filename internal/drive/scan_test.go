// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// eicar is the standard anti-virus test file: harmless, and flagged by
// every scanner.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// fakeClamd speaks clamd's INSTREAM protocol on loopback and flags the
// EICAR string. mode "down" hangs up without a verdict, "error" answers
// as clamd does when the stream is over its size limit.
type fakeClamd struct {
	addr    string
	mode    atomic.Value
	streams atomic.Int64
}

func startClamd(t *testing.T) *fakeClamd {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &fakeClamd{addr: l.Addr().String()}
	c.mode.Store("up")
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { c.serve(conn) })
		}
	})
	return c
}

func (c *fakeClamd) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	cmd, err := r.ReadString(0)
	if err != nil || cmd != "zINSTREAM\x00" {
		io.WriteString(conn, "UNKNOWN COMMAND\x00")
		return
	}
	var data bytes.Buffer
	for {
		var n uint32
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return
		}
		if n == 0 {
			break
		}
		if _, err := io.CopyN(&data, r, int64(n)); err != nil {
			return
		}
	}
	c.streams.Add(1)
	switch c.mode.Load() {
	case "down":
		return
	case "error":
		io.WriteString(conn, "INSTREAM size limit exceeded. ERROR\x00")
	default:
		if bytes.Contains(data.Bytes(), []byte(eicar)) {
			io.WriteString(conn, "stream: Eicar-Test-Signature FOUND\x00")
		} else {
			io.WriteString(conn, "stream: OK\x00")
		}
	}
}

func (e *env) state(t *testing.T, id string) string {
	t.Helper()
	n, err := e.s.Get(t.Context(), e.alice, id)
	if err != nil {
		t.Fatal(err)
	}
	return n.ScanState
}

// Uploads wait for clamd's verdict; a clean file is then served, an
// infected one is quarantined and its owner told.
func TestScanVerdicts(t *testing.T) {
	clamd := startClamd(t)
	each(t, drive.Options{Clamd: clamd.addr}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice).ID
		clean := e.put(t, root, "notes.txt", "nothing to see here")
		bad := e.put(t, root, "eicar.com", "prefix "+eicar+" suffix")
		if clean.ScanState != drive.ScanScanning || bad.ScanState != drive.ScanScanning {
			t.Fatalf("after upload: %q %q", clean.ScanState, bad.ScanState)
		}
		if _, _, err := e.s.Open(t.Context(), e.alice, clean.ID); !errors.Is(err, errs.Unavailable) {
			t.Errorf("open while scanning: %v", err)
		}
		n, err := e.s.ScanPending(t.Context())
		if err != nil || n != 2 {
			t.Fatalf("ScanPending = %d, %v", n, err)
		}
		if got := e.state(t, clean.ID); got != drive.ScanClean {
			t.Errorf("clean file: %q", got)
		}
		if got := e.read(t, clean.ID); got != "nothing to see here" {
			t.Errorf("clean file reads %q", got)
		}
		if got := e.state(t, bad.ID); got != drive.ScanBlocked {
			t.Fatalf("infected file: %q", got)
		}
		if _, _, err := e.s.Open(t.Context(), e.alice, bad.ID); !errors.Is(err, errs.Forbidden) {
			t.Errorf("open blocked: %v", err)
		}
		blocked, _ := e.s.Get(t.Context(), e.alice, bad.ID)
		rec := httptest.NewRecorder()
		e.s.ServeContent(rec, httptest.NewRequest("GET", "/", nil), blocked)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "quarantined") || strings.Contains(rec.Body.String(), "EICAR") {
			t.Errorf("download of a blocked file: %d %s", rec.Code, rec.Body)
		}
		if _, _, err := e.s.Share(t.Context(), e.alice, bad.ID, access.Principal{UserID: e.bob}, access.Reader); !errors.Is(err, errs.Forbidden) {
			t.Errorf("share blocked: %v", err)
		}
		// A copy shares the bytes, and so the verdict.
		cp, err := e.s.Copy(t.Context(), e.alice, bad.ID, root, "copy.com", false)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.state(t, cp.ID); got != drive.ScanBlocked || cp.ScanState != got {
			t.Errorf("copy: %q, answered %q", got, cp.ScanState)
		}
		var notes int
		if err := e.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'drive.blocked'`, e.alice).Scan(&notes); err != nil || notes != 1 {
			t.Errorf("owner notifications: %d %v", notes, err)
		}
		// Nothing is left to scan.
		if n, err := e.s.ScanPending(t.Context()); err != nil || n != 0 {
			t.Errorf("second pass: %d %v", n, err)
		}
		// An infected new version blocks the file; restoring the clean
		// version brings it back.
		e.put(t, root, "notes.txt", eicar)
		if _, err := e.s.ScanPending(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := e.state(t, clean.ID); got != drive.ScanBlocked {
			t.Fatalf("infected version: %q", got)
		}
		vs, err := e.s.Versions(t.Context(), e.alice, clean.ID)
		if err != nil || len(vs) != 2 {
			t.Fatalf("versions: %v %v", vs, err)
		}
		back, err := e.s.RestoreVersion(t.Context(), e.alice, clean.ID, vs[1].ID)
		if err != nil || back.ScanState != drive.ScanClean || e.read(t, clean.ID) != "nothing to see here" {
			t.Errorf("restore the clean version: %q %v", back.ScanState, err)
		}
	})
}

// When clamd gives no verdict the file stays scanning and is tried again
// after a back-off.
func TestScanRetries(t *testing.T) {
	clamd := startClamd(t)
	each(t, drive.Options{Clamd: clamd.addr}, func(t *testing.T, e *env) {
		f := e.put(t, e.root(t, e.alice).ID, "a.txt", "hello")
		for _, mode := range []string{"down", "error"} {
			clamd.mode.Store(mode)
			before := clamd.streams.Load()
			if n, err := e.s.ScanPending(t.Context()); err != nil || n != 0 {
				t.Fatalf("%s: ScanPending = %d, %v", mode, n, err)
			}
			if clamd.streams.Load() != before+1 {
				t.Fatalf("%s: clamd was not asked", mode)
			}
			if got := e.state(t, f.ID); got != drive.ScanScanning {
				t.Fatalf("%s: state %q", mode, got)
			}
			// Not before the back-off is over.
			clamd.mode.Store("up")
			if n, _ := e.s.ScanPending(t.Context()); n != 0 || clamd.streams.Load() != before+1 {
				t.Fatalf("%s: tried again at once", mode)
			}
			e.now = e.now.Add(time.Hour)
		}
		if n, err := e.s.ScanPending(t.Context()); err != nil || n != 1 {
			t.Fatalf("after back-off: %d, %v", n, err)
		}
		if got := e.state(t, f.ID); got != drive.ScanClean {
			t.Errorf("state %q", got)
		}
	})
}

// An unreachable clamd is no verdict either; without clamd, files are
// clean at once.
func TestScanOffAndUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	each(t, drive.Options{Clamd: addr}, func(t *testing.T, e *env) {
		f := e.put(t, e.root(t, e.alice).ID, "a.txt", "hello")
		if n, err := e.s.ScanPending(t.Context()); err != nil || n != 0 {
			t.Fatalf("ScanPending = %d, %v", n, err)
		}
		if got := e.state(t, f.ID); got != drive.ScanScanning {
			t.Errorf("state %q", got)
		}
	})
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		f := e.put(t, e.root(t, e.alice).ID, "a.txt", "hello")
		if f.ScanState != drive.ScanClean || e.read(t, f.ID) != "hello" {
			t.Errorf("without clamd: %q", f.ScanState)
		}
	})
}
