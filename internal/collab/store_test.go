// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// edits returns n incremental updates typing "x" n times, as a client would send.
func edits(n int) [][]byte {
	d := crdt.New(crdt.WithGC(false))
	var out [][]byte
	d.OnUpdate(func(u []byte, _ any) { out = append(out, append([]byte(nil), u...)) })
	txt := d.GetText("t")
	for range n {
		d.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), "x", nil) })
	}
	return out
}

func newTestService(t *testing.T, d *db.DB, opts Options) (*Service, string) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	users := identity.New(d, audit.New(d, log), log, identity.Options{})
	u, err := users.CreateUser(t.Context(), identity.NewUser{Email: "a@mairie.fr", Name: "A", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	ds := docs.New(d, audit.New(d, log), log)
	doc, err := ds.Create(t.Context(), u.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	b := bus.NewLocal(256)
	t.Cleanup(func() { b.Close() })
	return New(d, b, ds, users, drain.New(), log, opts), doc.ID
}

func TestStoreAppendLoadCompact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, id := newTestService(t, d, Options{})
		ups := edits(31)
		if last, err := s.store.appendUpdates(ctx, id, ups[:10]); err != nil || last != 10 {
			t.Fatalf("append = %d, %v", last, err)
		}
		for _, u := range ups[10:30] {
			if _, err := s.store.appendUpdates(ctx, id, [][]byte{u}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.compact(ctx, id)
		if err != nil || n != 30 {
			t.Fatalf("compact = %d, %v", n, err)
		}
		if last, err := s.store.appendUpdates(ctx, id, ups[30:]); err != nil || last != 31 {
			t.Fatalf("append after compaction = %d, %v; want seq 31", last, err)
		}
		st, err := s.store.load(ctx, id)
		if err != nil || st.snapSeq != 30 || st.lastSeq != 31 || st.logCount != 1 {
			t.Fatalf("load = snap %d last %d log %d, %v", st.snapSeq, st.lastSeq, st.logCount, err)
		}
		got, err := s.Text(ctx, id, "t")
		if err != nil || got != string(make31x()) {
			t.Fatalf("Text = %q, %v", got, err)
		}
	})
}

func make31x() []byte {
	b := make([]byte, 31)
	for i := range b {
		b[i] = 'x'
	}
	return b
}

func TestReplicaRefusesGarbageUnchanged(t *testing.T) {
	r := newReplica()
	ups := edits(3)
	for _, u := range ups {
		if _, err := r.apply(u); err != nil {
			t.Fatal(err)
		}
	}
	before := r.encode()
	for _, bad := range [][]byte{{0xff}, {1, 1, 0xff, 0xff}, {5, 5, 5, 5, 5}} {
		if _, err := r.apply(bad); !errors.Is(err, errs.Invalid) {
			t.Errorf("apply(%v) = %v; want Invalid", bad, err)
		}
	}
	if string(r.encode()) != string(before) || r.text("t") != "xxx" {
		t.Errorf("garbage changed the replica: %q", r.text("t"))
	}
	// An update already applied changes nothing and is not stored again.
	if changed, err := r.apply(ups[0]); err != nil || changed != nil {
		t.Errorf("re-applying a known update = %v, %v; want nil, nil", changed, err)
	}
}
