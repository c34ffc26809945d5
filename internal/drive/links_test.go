// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestLinks(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		f := e.put(t, root.ID, "rapport.txt", "bonjour")

		// Only those who may share the item manage its links.
		if _, err := e.s.CreateLink(ctx, e.bob, f.ID, drive.LinkOptions{}); !errors.Is(err, errs.NotFound) {
			t.Errorf("outsider CreateLink: %v; want NotFound", err)
		}
		if _, _, err := e.s.Share(ctx, e.alice, f.ID, access.Principal{UserID: e.bob}, access.Reader); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.CreateLink(ctx, e.bob, f.ID, drive.LinkOptions{}); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader CreateLink: %v; want Forbidden", err)
		}
		past := e.now.Add(-time.Minute)
		zero := int64(0)
		for _, bad := range []drive.LinkOptions{{Reach: access.Restricted}, {Role: access.Editor}, {ExpiresAt: &past}, {MaxDownloads: &zero}} {
			if _, err := e.s.CreateLink(ctx, e.alice, f.ID, bad); !errors.Is(err, errs.Invalid) {
				t.Errorf("CreateLink(%+v): %v; want Invalid", bad, err)
			}
		}

		// A public link opens the file to anyone.
		l, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{})
		if err != nil || len(l.Token) < 40 || l.Reach != access.Public {
			t.Fatalf("CreateLink = %+v, %v", l, err)
		}
		if _, n, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: l.Token}); err != nil || n.ID != f.ID {
			t.Errorf("OpenLink = %v, %v", n.ID, err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: l.Token + "x"}); !errors.Is(err, errs.NotFound) {
			t.Errorf("OpenLink(wrong token): %v", err)
		}
		list, err := e.s.Links(ctx, e.alice, f.ID)
		if err != nil || len(list) != 1 || list[0].Token != "" || list[0].ID != l.ID {
			t.Errorf("Links = %+v, %v", list, err)
		}

		// Authenticated reach: signed-in users only.
		la, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{Reach: access.Authenticated})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: la.Token}); !errors.Is(err, errs.Unauthenticated) {
			t.Errorf("anonymous on authenticated link: %v", err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: la.Token, Viewer: e.bob}); err != nil {
			t.Errorf("signed in on authenticated link: %v", err)
		}

		// Expiry by date, on the service's clock.
		exp := e.now.Add(time.Hour)
		le, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{ExpiresAt: &exp})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: le.Token}); err != nil {
			t.Errorf("before expiry: %v", err)
		}
		e.now = e.now.Add(2 * time.Hour)
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: le.Token}); !errors.Is(err, drive.ErrLinkGone) {
			t.Errorf("after expiry: %v; want ErrLinkGone", err)
		}

		// Download limit.
		two := int64(2)
		lm, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{MaxDownloads: &two})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			got, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: lm.Token})
			if i < 2 {
				if err != nil {
					t.Fatalf("download %d: %v", i, err)
				}
				if err := e.s.CountLinkDownload(ctx, got); err != nil {
					t.Fatalf("count %d: %v", i, err)
				}
			} else if !errors.Is(err, drive.ErrLinkGone) {
				t.Errorf("third open: %v; want ErrLinkGone", err)
			}
		}
		if err := e.s.CountLinkDownload(ctx, lm); !errors.Is(err, drive.ErrLinkGone) {
			t.Errorf("third count: %v; want ErrLinkGone", err)
		}

		// Password, its cookie and its rate limit.
		lp, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{Password: "sésame ouvre-toi"})
		if err != nil || !lp.HasPassword {
			t.Fatalf("CreateLink(password) = %+v, %v", lp, err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: lp.Token}); !errors.Is(err, drive.ErrLinkPassword) {
			t.Errorf("locked: %v", err)
		}
		if _, _, _, err := e.s.UnlockLink(ctx, lp.Token, "sesame", "10.0.0.1"); !errors.Is(err, drive.ErrLinkBadPassword) {
			t.Errorf("wrong password: %v", err)
		}
		_, cookie, _, err := e.s.UnlockLink(ctx, lp.Token, "sésame ouvre-toi", "10.0.0.1")
		if err != nil || cookie == "" {
			t.Fatalf("unlock: %q, %v", cookie, err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: lp.Token, Unlock: cookie}); err != nil {
			t.Errorf("unlocked: %v", err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: lp.Token, Unlock: cookie + "x"}); !errors.Is(err, drive.ErrLinkPassword) {
			t.Errorf("forged cookie: %v", err)
		}
		for range 4 {
			e.s.UnlockLink(ctx, lp.Token, "nope", "10.0.0.1")
		}
		if _, _, _, err := e.s.UnlockLink(ctx, lp.Token, "sésame ouvre-toi", "10.0.0.1"); !errors.Is(err, errs.TooMany) {
			t.Errorf("after 5 failures: %v; want TooMany", err)
		}
		if _, _, _, err := e.s.UnlockLink(ctx, lp.Token, "sésame ouvre-toi", "10.0.0.2"); err != nil {
			t.Errorf("other address: %v", err)
		}
		e.now = e.now.Add(2 * time.Hour)
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: lp.Token, Unlock: cookie}); !errors.Is(err, drive.ErrLinkPassword) {
			t.Errorf("stale cookie: %v", err)
		}

		// Delete: the link stops working.
		if err := e.s.DeleteLink(ctx, e.alice, f.ID, l.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.OpenLink(ctx, drive.LinkVisit{Token: l.Token}); !errors.Is(err, errs.NotFound) {
			t.Errorf("deleted link: %v", err)
		}
		if err := e.s.DeleteLink(ctx, e.alice, f.ID, l.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestLinksFolder(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		dir, err := e.s.Mkdir(ctx, e.alice, root.ID, "Partage")
		if err != nil {
			t.Fatal(err)
		}
		sub, err := e.s.Mkdir(ctx, e.alice, dir.ID, "Sous")
		if err != nil {
			t.Fatal(err)
		}
		in := e.put(t, sub.ID, "dedans.txt", "in")
		out := e.put(t, root.ID, "dehors.txt", "out")
		l, err := e.s.CreateLink(ctx, e.alice, dir.ID, drive.LinkOptions{})
		if err != nil {
			t.Fatal(err)
		}
		v := drive.LinkVisit{Token: l.Token}
		_, top, err := e.s.OpenLink(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		kids, err := e.s.LinkChildren(ctx, top)
		if err != nil || len(kids) != 1 || kids[0].ID != sub.ID {
			t.Errorf("LinkChildren = %+v, %v", kids, err)
		}
		if _, n, err := e.s.LinkItem(ctx, v, in.ID); err != nil || n.ID != in.ID {
			t.Errorf("LinkItem(inside) = %s, %v", n.ID, err)
		}
		for _, id := range []string{out.ID, root.ID, "not-an-id"} {
			if _, _, err := e.s.LinkItem(ctx, v, id); !errors.Is(err, errs.NotFound) {
				t.Errorf("LinkItem(%s): %v; want NotFound", id, err)
			}
		}
		// Trashed items are out of reach; purging the folder drops the link.
		if err := e.s.Trash(ctx, e.alice, sub.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.LinkItem(ctx, v, in.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("LinkItem(trashed): %v; want NotFound", err)
		}
		if err := e.s.Trash(ctx, e.alice, dir.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.OpenLink(ctx, v); !errors.Is(err, errs.NotFound) {
			t.Errorf("OpenLink(trashed folder): %v; want NotFound", err)
		}
		if err := e.s.Purge(ctx, e.alice, dir.ID); err != nil {
			t.Fatal(err)
		}
		var c int
		if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM drive_links WHERE id = $1`, l.ID).Scan(&c); err != nil || c != 0 {
			t.Errorf("links left after purge: %d, %v", c, err)
		}
	})
}
