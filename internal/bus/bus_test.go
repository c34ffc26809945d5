// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bus_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{"a", "a", true},
		{"a", "b", false},
		{"a.b", "a.b", true},
		{"a.b", "a", false},
		{"a", "a.b", false},
		{"a.*", "a.b", true},
		{"a.*", "a.b.c", false},
		{"a.*.c", "a.b.c", true},
		{"a.*.c", "a.b.d", false},
		{"a.>", "a.b", true},
		{"a.>", "a.b.c", true},
		{"a.>", "a", false},
		{">", "x.y", true},
		{"*", "x", true},
		{"*", "x.y", false},
		{"collab.doc.*", "collab.doc.42", true},
		{"ab", "a", false},
	}
	for _, tt := range tests {
		if got := bus.Match(tt.pattern, tt.subject); got != tt.want {
			t.Errorf("Match(%q, %q) = %v; want %v", tt.pattern, tt.subject, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, s := range []string{"", "a..b", ".a", "a.", "a b", "a.*", "a.>", "a*"} {
		if err := bus.ValidSubject(s); !errors.Is(err, errs.Invalid) {
			t.Errorf("ValidSubject(%q) = %v; want errs.Invalid", s, err)
		}
	}
	for _, p := range []string{"", "a.>.b", "a*", ">x", "a..b"} {
		if err := bus.ValidPattern(p); !errors.Is(err, errs.Invalid) {
			t.Errorf("ValidPattern(%q) = %v; want errs.Invalid", p, err)
		}
	}
	for _, p := range []string{"a", "a.*", "a.>", "*.b.>", "collab.doc.01HZX"} {
		if err := bus.ValidPattern(p); err != nil {
			t.Errorf("ValidPattern(%q) = %v", p, err)
		}
	}
}

// collect subscribes and returns a function that waits for n messages.
func collect(t *testing.T, b bus.Bus, pattern string) func(n int) []string {
	t.Helper()
	var mu sync.Mutex
	var got []string
	_, err := b.Subscribe(t.Context(), pattern, func(m bus.Message) {
		mu.Lock()
		got = append(got, m.Subject+"="+string(m.Data))
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(n int) []string {
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			if len(got) >= n {
				out := append([]string(nil), got...)
				mu.Unlock()
				return out
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("got %d messages %v; want %d", len(got), got, n)
		return nil
	}
}

func TestFanOutInOrder(t *testing.T) {
	b := bus.NewLocal(0)
	defer b.Close()
	ctx := t.Context()
	all := collect(t, b, "doc.>")
	one := collect(t, b, "doc.1")
	for i := range 100 {
		doc := fmt.Sprint(i % 2)
		if err := b.Publish(ctx, "doc."+doc, []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	b.Publish(ctx, "other", []byte("x"))
	gotAll := all(100)
	for i, m := range gotAll {
		if want := fmt.Sprintf("doc.%d=%d", i%2, i); m != want {
			t.Fatalf("message %d = %q; want %q", i, m, want)
		}
	}
	gotOne := one(50)
	for i, m := range gotOne {
		if want := fmt.Sprintf("doc.1=%d", 2*i+1); m != want {
			t.Fatalf("doc.1 message %d = %q; want %q", i, m, want)
		}
	}
}

func TestSlowSubscriberDoesNotBlockPublisher(t *testing.T) {
	b := bus.NewLocal(4)
	defer b.Close()
	release := make(chan struct{})
	slow, err := b.Subscribe(t.Context(), "x", func(bus.Message) { <-release })
	if err != nil {
		t.Fatal(err)
	}
	fast := collect(t, b, "x")
	for range 100 {
		if err := b.Publish(t.Context(), "x", nil); err != nil {
			t.Fatal(err)
		}
	}
	close(release)
	if slow.Dropped() == 0 {
		t.Error("the slow subscriber dropped nothing; want drops past its buffer")
	}
	if d := slow.Dropped(); d > 96 {
		t.Errorf("the slow subscriber dropped %d of 100; want at most 96 (buffer 4, one in hand)", d)
	}
	fast(4)
}

func TestCloseStopsDelivery(t *testing.T) {
	b := bus.NewLocal(0)
	var calls atomic.Int64
	sub, err := b.Subscribe(t.Context(), "x", func(bus.Message) { calls.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	sub.Close()
	for range 10 {
		b.Publish(t.Context(), "x", nil)
	}
	time.Sleep(10 * time.Millisecond)
	if n := calls.Load(); n != 0 {
		t.Fatalf("handler called %d times after Close", n)
	}
	b.Close()
	if err := b.Publish(t.Context(), "x", nil); !errors.Is(err, bus.ErrClosed) {
		t.Fatalf("Publish after Close = %v; want ErrClosed", err)
	}
	if _, err := b.Subscribe(t.Context(), "x", func(bus.Message) {}); !errors.Is(err, bus.ErrClosed) {
		t.Fatalf("Subscribe after Close = %v; want ErrClosed", err)
	}
}

func TestContextEndsSubscription(t *testing.T) {
	b := bus.NewLocal(0)
	defer b.Close()
	ctx, cancel := context.WithCancel(t.Context())
	var calls atomic.Int64
	if _, err := b.Subscribe(ctx, "x", func(bus.Message) { calls.Add(1) }); err != nil {
		t.Fatal(err)
	}
	cancel()
	time.Sleep(10 * time.Millisecond) // AfterFunc runs in its own goroutine
	for range 10 {
		b.Publish(t.Context(), "x", nil)
	}
	time.Sleep(10 * time.Millisecond)
	if n := calls.Load(); n != 0 {
		t.Fatalf("handler called %d times after its context ended", n)
	}
}

func TestInvalidInput(t *testing.T) {
	b := bus.NewLocal(0)
	defer b.Close()
	if err := b.Publish(t.Context(), "a.*", nil); !errors.Is(err, errs.Invalid) {
		t.Errorf("Publish on a pattern = %v; want errs.Invalid", err)
	}
	if _, err := b.Subscribe(t.Context(), "a..b", func(bus.Message) {}); !errors.Is(err, errs.Invalid) {
		t.Errorf("Subscribe(a..b) = %v; want errs.Invalid", err)
	}
}

func TestConcurrentPublishSubscribe(t *testing.T) {
	b := bus.NewLocal(0)
	defer b.Close()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				b.Publish(t.Context(), fmt.Sprintf("s.%d", j%4), nil)
				if j%50 == 0 {
					s, err := b.Subscribe(t.Context(), fmt.Sprintf("s.%d", i%4), func(bus.Message) {})
					if err != nil {
						t.Error(err)
						return
					}
					s.Close()
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkPublish(b *testing.B) {
	lb := bus.NewLocal(0)
	defer lb.Close()
	for i := range 10 {
		lb.Subscribe(b.Context(), fmt.Sprintf("doc.%d", i), func(bus.Message) {})
	}
	lb.Subscribe(b.Context(), "doc.*", func(bus.Message) {})
	data := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		lb.Publish(b.Context(), "doc.3", data)
	}
}
