// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
)

type fileJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	ParentID string `json:"parent_id"`
	Size     int64  `json:"size"`
	ETag     string `json:"etag"`
	SHA256   string `json:"sha256"`
}

func (ts *testServer) driveDo(t *testing.T, secret, method, path string, body []byte, hdr ...string) (int, []byte) {
	t.Helper()
	h := map[string]string{"Authorization": "Bearer " + secret}
	for i := 0; i+1 < len(hdr); i += 2 {
		h[hdr[i]] = hdr[i+1]
	}
	if body != nil && h["Content-Type"] == "" && method != "PUT" {
		h["Content-Type"] = "application/json"
	}
	var r *bytes.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	var resp, b = ts.do(t, method, path, nilIfEmpty(r), h)
	return resp.StatusCode, b
}

func nilIfEmpty(r *bytes.Reader) interface {
	Read([]byte) (int, error)
} {
	if r == nil {
		return nil
	}
	return r
}

func decodeFile(t *testing.T, b []byte) fileJSON {
	t.Helper()
	var f fileJSON
	if err := json.Unmarshal(b, &f); err != nil || f.ID == "" {
		t.Fatalf("not a file: %s (%v)", b, err)
	}
	return f
}

func TestDriveAPI(t *testing.T) {
	// A small general body limit: uploads must not be bound by it.
	ts := start(t, func(c *config.Config) { c.MaxBodyBytes = 64 << 10 })
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")

	st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/root/folders", []byte(`{"name":"Rapports"}`))
	if st != 201 {
		t.Fatalf("mkdir = %d %s", st, b)
	}
	dir := decodeFile(t, b)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB, over the body limit
	st, b = ts.driveDo(t, alice, "PUT", "/api/v1/files/"+dir.ID+"/children/r%C3%A9sum%C3%A9.txt", big)
	if st != 201 {
		t.Fatalf("upload = %d %s", st, b)
	}
	f := decodeFile(t, b)
	if f.Size != int64(len(big)) || f.SHA256 != fmt.Sprintf("%x", sha256.Sum256(big)) {
		t.Errorf("uploaded %+v", f)
	}

	// Download: whole, a range, a range past the end.
	resp, got := ts.do(t, "GET", "/api/v1/files/"+f.ID+"/content", nil, map[string]string{"Authorization": "Bearer " + alice})
	if resp.StatusCode != 200 || !bytes.Equal(got, big) || resp.Header.Get("ETag") != f.ETag {
		t.Errorf("download = %d, %d bytes, ETag %q (want %q)", resp.StatusCode, len(got), resp.Header.Get("ETag"), f.ETag)
	}
	resp, got = ts.do(t, "GET", "/api/v1/files/"+f.ID+"/content", nil, map[string]string{"Authorization": "Bearer " + alice, "Range": "bytes=16-31"})
	if resp.StatusCode != 206 || string(got) != "0123456789abcdef" {
		t.Errorf("range = %d %q", resp.StatusCode, got)
	}
	resp, _ = ts.do(t, "GET", "/api/v1/files/"+f.ID+"/content", nil, map[string]string{"Authorization": "Bearer " + alice, "Range": fmt.Sprintf("bytes=%d-", len(big)+10)})
	if resp.StatusCode != 416 {
		t.Errorf("range past the end = %d; want 416", resp.StatusCode)
	}

	// Another user sees nothing.
	if st, _ := ts.driveDo(t, bob, "GET", "/api/v1/files/"+f.ID+"/content", nil); st != 404 {
		t.Errorf("outsider download = %d; want 404", st)
	}

	// A second upload makes a version; the first can be restored.
	st, b = ts.driveDo(t, alice, "PUT", "/api/v1/files/"+dir.ID+"/children/R%C3%A9SUM%C3%A9.txt", []byte("v2"))
	if st != 201 || decodeFile(t, b).ID != f.ID {
		t.Fatalf("second upload (other case) = %d %s", st, b)
	}
	st, b = ts.driveDo(t, alice, "GET", "/api/v1/files/"+f.ID+"/versions", nil)
	var vs struct {
		Items []struct {
			ID      string `json:"id"`
			Size    int64  `json:"size"`
			Current bool   `json:"current"`
		} `json:"items"`
	}
	if json.Unmarshal(b, &vs) != nil || len(vs.Items) != 2 || !vs.Items[0].Current || vs.Items[1].Size != int64(len(big)) {
		t.Fatalf("versions = %d %s", st, b)
	}
	if st, b = ts.driveDo(t, alice, "POST", "/api/v1/files/"+f.ID+"/versions/"+vs.Items[1].ID+"/restore", nil); st != 200 || decodeFile(t, b).Size != int64(len(big)) {
		t.Errorf("restore version = %d %s", st, b)
	}

	// Hostile names: nothing created.
	for _, name := range []string{"a%2Fb", "..", "...", "%2E%2E", "tab%09name", "nul%00", strings.Repeat("x", 256)} {
		if st, b := ts.driveDo(t, alice, "PUT", "/api/v1/files/"+dir.ID+"/children/"+name, []byte("x")); st < 400 || st >= 500 {
			t.Errorf("upload named %q = %d %s; want 4xx", name, st, b)
		}
	}
	// NFD spelling of the same name is the same file; a folder of a
	// name that differs only in case is a conflict.
	if st, b := ts.driveDo(t, alice, "PUT", "/api/v1/files/"+dir.ID+"/children/re%CC%81sume%CC%81.txt", []byte("v3")); st != 201 || decodeFile(t, b).ID != f.ID {
		t.Errorf("NFD upload = %d %s; want a new version of the same file", st, b)
	}
	if st, _ := ts.driveDo(t, alice, "POST", "/api/v1/files/root/folders", []byte(`{"name":"rapports"}`)); st != 409 {
		t.Errorf("case duplicate folder = %d; want 409", st)
	}
	st, b = ts.driveDo(t, alice, "GET", "/api/v1/files/"+dir.ID+"/children", nil)
	if st != 200 || strings.Count(string(b), `"id"`) != 1 {
		t.Errorf("children after hostile uploads = %d %s; want one file", st, b)
	}

	// Copy, move, trash, restore, purge.
	st, b = ts.driveDo(t, alice, "POST", "/api/v1/files/"+f.ID+"/copy", []byte(`{"parent_id":"root","name":"copie.txt"}`))
	if st != 201 {
		t.Fatalf("copy = %d %s", st, b)
	}
	cp := decodeFile(t, b)
	if st, b := ts.driveDo(t, alice, "PATCH", "/api/v1/files/"+cp.ID, []byte(`{"name":"copie-2.txt","parent_id":"`+dir.ID+`"}`)); st != 200 || decodeFile(t, b).ParentID != dir.ID {
		t.Errorf("move = %d %s", st, b)
	}
	if st, b := ts.driveDo(t, alice, "PATCH", "/api/v1/files/"+dir.ID, []byte(`{"parent_id":"`+dir.ID+`"}`)); st != 400 {
		t.Errorf("move into itself = %d %s; want 400", st, b)
	}
	if st, _ := ts.driveDo(t, alice, "DELETE", "/api/v1/files/"+f.ID, nil); st != 204 {
		t.Errorf("trash = %d", st)
	}
	if st, _ := ts.driveDo(t, alice, "GET", "/api/v1/files/"+f.ID+"/content", nil); st != 404 {
		t.Errorf("download of trashed = %d; want 404", st)
	}
	if st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/"+f.ID+"/restore", nil); st != 200 {
		t.Errorf("restore = %d %s", st, b)
	}
	ts.driveDo(t, alice, "DELETE", "/api/v1/files/"+f.ID, nil)
	if st, _ := ts.driveDo(t, alice, "DELETE", "/api/v1/files/trash/"+f.ID, nil); st != 204 {
		t.Errorf("purge = %d", st)
	}
	// The copy shared the purged file's blob: it is intact.
	resp, got = ts.do(t, "GET", "/api/v1/files/"+cp.ID+"/content", nil, map[string]string{"Authorization": "Bearer " + alice})
	if resp.StatusCode != 200 || string(got) != "v3" {
		t.Errorf("copy after purge of original = %d %q", resp.StatusCode, got)
	}

	// Over quota: refused, nothing stored, usage unchanged.
	var before struct{ Used, Quota int64 }
	_, b = ts.driveDo(t, alice, "GET", "/api/v1/files/quota", nil)
	json.Unmarshal(b, &before)
	admin := ts.user(t, "admin@mairie.fr", true)
	_, adminTok, _ := ts.Identity().CreateToken(t.Context(), admin.ID, "t", time.Hour)
	aliceUser, _ := ts.Identity().UserByEmail(t.Context(), "alice@mairie.fr")
	if st, b := ts.driveDo(t, adminTok, "PUT", "/api/v1/admin/users/"+aliceUser.ID+"/drive-quota", []byte(fmt.Sprintf(`{"bytes":%d}`, before.Used+100))); st != 200 {
		t.Fatalf("set quota = %d %s", st, b)
	}
	if st, _ := ts.driveDo(t, alice, "PUT", "/api/v1/files/root/children/big.bin", make([]byte, 1000)); st != 413 {
		t.Errorf("over-quota upload = %d; want 413", st)
	}
	var after struct{ Used int64 }
	_, b = ts.driveDo(t, alice, "GET", "/api/v1/files/quota", nil)
	json.Unmarshal(b, &after)
	if after.Used != before.Used {
		t.Errorf("usage after refused upload = %d; want %d", after.Used, before.Used)
	}
	if st, b := ts.driveDo(t, alice, "GET", "/api/v1/files/root/children", nil); strings.Contains(string(b), "big.bin") {
		t.Errorf("refused upload is listed: %d %s", st, b)
	}
}

// TestDriveWebDAVLitmus runs litmus against the whole server (every
// middleware included) and fails on any failure.
func TestDriveWebDAVLitmus(t *testing.T) {
	bin, err := exec.LookPath("litmus")
	if err != nil {
		t.Skip("litmus is not installed (apt-get install -y litmus): the WebDAV conformance suite did not run")
	}
	ts := start(t, nil)
	u := ts.user(t, "litmus@mairie.fr", false)
	_, secret, _ := ts.Identity().CreateToken(t.Context(), u.ID, "dav", time.Hour)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-k", ts.url+"/dav/", u.Email, secret)
	cmd.Dir = t.TempDir()
	out, _ := cmd.CombinedOutput()
	summary := regexp.MustCompile(`<- summary for .*`).FindAllString(string(out), -1)
	if len(summary) != 5 {
		t.Fatalf("litmus ran %d suites, want 5:\n%s", len(summary), out)
	}
	failed := regexp.MustCompile(`(\d+) failed`)
	for _, s := range summary {
		t.Log(s)
		if m := failed.FindStringSubmatch(s); m == nil || m[1] != "0" {
			t.Errorf("litmus: %s\n%s", s, out)
		}
	}
}

// TestDriveWebDAVRclone copies a tree of a few hundred files of random
// sizes up with rclone, down again, and compares every byte; the ETag
// that WebDAV gives is the one REST gives.
// It runs with the bytes on disk, and on the real S3 gateway that make
// test provides.
func TestDriveWebDAVRclone(t *testing.T) {
	bin, err := exec.LookPath("rclone")
	if err != nil {
		t.Skip("rclone is not installed (apt-get install -y rclone): the round trip did not run")
	}
	t.Run("disk", func(t *testing.T) { rcloneRoundTrip(t, bin, start(t, nil)) })
	t.Run("s3-gateway", func(t *testing.T) { rcloneRoundTrip(t, bin, start(t, onS3Gateway(t, "ensemble-rclone-test"))) })
}

func rcloneRoundTrip(t *testing.T, bin string, ts *testServer) {
	u := ts.user(t, "rclone@mairie.fr", false)
	_, secret, _ := ts.Identity().CreateToken(t.Context(), u.ID, "dav", time.Hour)
	obscured, err := exec.Command(bin, "obscure", secret).Output()
	if err != nil {
		t.Fatal(err)
	}
	src, back := t.TempDir(), t.TempDir()
	rng := rand.New(rand.NewPCG(6, 6))
	const files = 300
	for i := range files {
		dir := filepath.Join(src, fmt.Sprintf("d%d", i%7), fmt.Sprintf("s%d", i%3))
		os.MkdirAll(dir, 0o755)
		size := rng.IntN(64 << 10)
		if i%50 == 0 {
			size = rng.IntN(3<<20) + 1<<20
		}
		data := make([]byte, size)
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d é.bin", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "RCLONE_CONFIG=/dev/null", "RCLONE_CONFIG_X_TYPE=webdav", "RCLONE_CONFIG_X_URL="+ts.url+"/dav/",
		"RCLONE_CONFIG_X_VENDOR=other", "RCLONE_CONFIG_X_USER="+u.Email, "RCLONE_CONFIG_X_PASS="+strings.TrimSpace(string(obscured)))
	run := func(args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append(args, "--transfers", "4", "--low-level-retries", "1", "--retries", "1")...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rclone %v: %v\n%s", args, err, out)
		}
	}
	run("copy", src, "X:tree")
	run("copy", "X:tree", back)
	run("check", "--download", src, "X:tree")
	n := 0
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(back, rel))
		if err != nil || sha256.Sum256(a) != sha256.Sum256(b) {
			t.Errorf("%s: round trip differs (%v)", rel, err)
		}
		n++
		return nil
	})
	if n != files {
		t.Errorf("compared %d files, want %d", n, files)
	}

	// The ETag over WebDAV is the ETag over REST.
	node, err := ts.Drive().Lookup(t.Context(), u.ID, "/tree/d0/s0/f000 é.bin")
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := ts.do(t, "HEAD", "/dav/tree/d0/s0/f000%20%C3%A9.bin", nil, map[string]string{"Authorization": "Bearer " + secret})
	_, b := ts.driveDo(t, secret, "GET", "/api/v1/files/"+node.ID, nil)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" || resp.Header.Get("ETag") != decodeFile(t, b).ETag {
		t.Errorf("WebDAV ETag %q (status %d), REST %s", resp.Header.Get("ETag"), resp.StatusCode, b)
	}
}
