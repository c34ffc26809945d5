// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// The figures of record come from bench/drive (three servers side by
// side, each in its own process); these benchmarks run the same requests
// against the handler in process, to profile it:
//
//	go test -run '^$' -bench . -cpuprofile cpu.out ./internal/dav

// put sends a PUT of body to path and fails the benchmark on an error.
func (e *env) put(b *testing.B, c *http.Client, path string, body []byte) {
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+path, bytes.NewReader(body))
	req.SetBasicAuth(e.email, e.token)
	resp, err := c.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusNoContent {
		b.Errorf("PUT %s = %s", path, resp.Status)
	}
}

// BenchmarkPutSmall uploads files of 4 KiB into one folder from 100
// concurrent clients (on SQLite and local disk, as `ensemble serve`).
func BenchmarkPutSmall(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b), nil, drive.Options{})
	mkcol(b, e, "/dav/small/")
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	body := make([]byte, 4096)
	b.SetParallelism(50) // 100 goroutines on 2 cores, as bench/drive
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			f := bytes.Clone(body)
			binary.LittleEndian.PutUint64(f, uint64(i))
			e.put(b, c, fmt.Sprintf("/dav/small/f%06d.bin", i), f)
		}
	})
}

// BenchmarkPutLarge uploads a file of 64 MiB.
func BenchmarkPutLarge(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b), nil, drive.Options{DefaultQuota: 1 << 40})
	body := bytes.Repeat([]byte("0123456789abcdef"), 4<<20)
	b.SetBytes(int64(len(body)))
	for i := 0; b.Loop(); i++ {
		e.put(b, http.DefaultClient, fmt.Sprintf("/dav/big-%d.bin", i), body)
	}
}

// BenchmarkGetLarge downloads a file of 64 MiB.
func BenchmarkGetLarge(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b), nil, drive.Options{})
	body := bytes.Repeat([]byte("0123456789abcdef"), 4<<20)
	e.put(b, http.DefaultClient, "/dav/big.bin", body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/dav/big.bin", nil)
		req.SetBasicAuth(e.email, e.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n != int64(len(body)) {
			b.Fatalf("GET = %s, %d bytes", resp.Status, n)
		}
	}
}

// BenchmarkPropfind lists a folder of 2,000 files with PROPFIND Depth 1,
// asking for all properties and for five named ones.
func BenchmarkPropfind(b *testing.B) {
	const files = 2000
	e := newEnv(b, dbtest.SQLite(b), nil, drive.Options{})
	mkcol(b, e, "/dav/many/")
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < files; i += 16 {
				e.put(b, c, fmt.Sprintf("/dav/many/f%05d.bin", i), []byte("hello"))
			}
		})
	}
	wg.Wait()
	for name, body := range map[string]string{
		"allprop": "",
		"named": `<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:displayname/>` +
			`<D:getlastmodified/><D:getcontentlength/><D:resourcetype/><D:getcontenttype/></D:prop></D:propfind>`,
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req, _ := http.NewRequest("PROPFIND", e.srv.URL+"/dav/many/", strings.NewReader(body))
				req.SetBasicAuth(e.email, e.token)
				req.Header.Set("Depth", "1")
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusMultiStatus || bytes.Count(got, []byte("<D:response>")) != files+1 {
					b.Fatalf("PROPFIND = %s, %d responses", resp.Status, bytes.Count(got, []byte("<D:response>")))
				}
			}
		})
	}
}

func mkcol(b *testing.B, e *env, path string) {
	req, _ := http.NewRequest("MKCOL", e.srv.URL+path, nil)
	req.SetBasicAuth(e.email, e.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b.Fatalf("MKCOL %s = %s", path, resp.Status)
	}
}
