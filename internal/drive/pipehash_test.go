// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"net/http/httptest"
	"testing"
)

// TestPipeHash checks the pipelined SHA-256 against crypto/sha256 for
// streams under, at and over the inline threshold, written in chunks of
// odd sizes, and that stop ends an unfinished hash without blocking.
func TestPipeHash(t *testing.T) {
	data := make([]byte, 3*pipeInline+12345)
	rand.NewChaCha8([32]byte{7}).Read(data)
	for _, size := range []int{0, 1, pipeInline, pipeInline + 1, pipeBuf*pipeDepth*2 + 1, len(data)} {
		for _, chunk := range []int{1 << 20, 32 << 10, 256 << 10, 4093} {
			p := newPipeHash()
			for b := data[:size]; len(b) > 0; {
				k := min(chunk, len(b))
				p.write(b[:k])
				b = b[k:]
			}
			want := sha256.Sum256(data[:size])
			if got := p.sum(); got != hex.EncodeToString(want[:]) {
				t.Errorf("%d bytes in chunks of %d: sum %s, want %x", size, chunk, got, want)
			}
			p.stop() // after sum: nothing to do
		}
	}
	p := newPipeHash()
	p.write(data)
	p.stop()
	p.stop()
}

func TestWholeContent(t *testing.T) {
	for _, c := range []struct {
		rng, ifRange string
		whole        bool
	}{
		{"", "", true},
		{"bytes=0-", "", true},
		{"bytes=0-999", "", true},
		{"bytes=0-5000", "", true},
		{"bytes= 0 - ", "", true},
		{"bytes=0-998", "", false},
		{"bytes=1-", "", false},
		{"bytes=-1000", "", false},
		{"bytes=0-10,11-", "", false},
		{"bytes=0-499", `"etag"`, true}, // If-Range may turn it into the whole content
		{"items=0-", "", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if c.rng != "" {
			r.Header.Set("Range", c.rng)
		}
		if c.ifRange != "" {
			r.Header.Set("If-Range", c.ifRange)
		}
		if got := wholeContent(r, 1000); got != c.whole {
			t.Errorf("Range %q If-Range %q: whole = %v, want %v", c.rng, c.ifRange, got, c.whole)
		}
	}
}
