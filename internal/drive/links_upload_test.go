// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// linkPut uploads content as name into folder (the link's own when "")
// through link token.
func linkPut(ctx context.Context, e *env, v drive.LinkVisit, folder, name, content string) (drive.Node, error) {
	_, n, err := e.s.LinkUpload(ctx, v, folder, name, strings.NewReader(content), drive.PutOptions{Size: int64(len(content))})
	return n, err
}

func TestLinkUpload(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		drop, err := e.s.Mkdir(ctx, e.alice, root.ID, "Dépôt")
		if err != nil {
			t.Fatal(err)
		}
		sub, err := e.s.Mkdir(ctx, e.alice, drop.ID, "Sous")
		if err != nil {
			t.Fatal(err)
		}
		outside, err := e.s.Mkdir(ctx, e.alice, root.ID, "Ailleurs")
		if err != nil {
			t.Fatal(err)
		}
		f := e.put(t, drop.ID, "rapport.txt", "v1")

		// Only folders take editor links.
		if _, err := e.s.CreateLink(ctx, e.alice, f.ID, drive.LinkOptions{Role: access.Editor}); !errors.Is(err, errs.Invalid) {
			t.Errorf("editor link on a file: %v; want Invalid", err)
		}
		if _, err := e.s.CreateLink(ctx, e.alice, drop.ID, drive.LinkOptions{Role: access.Administrator}); !errors.Is(err, errs.Invalid) {
			t.Errorf("administrator link: %v; want Invalid", err)
		}

		// A reader link cannot upload.
		reader, err := e.s.CreateLink(ctx, e.alice, drop.ID, drive.LinkOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: reader.Token}, "", "intrus.txt", "x"); !errors.Is(err, drive.ErrLinkReadOnly) {
			t.Errorf("upload through a reader link: %v; want ErrLinkReadOnly", err)
		}

		// An editor link uploads into its folder and the folders below;
		// a taken name is never replaced; the owner's quota counts it.
		before, _ := e.s.Usage(ctx, e.alice)
		editor, err := e.s.CreateLink(ctx, e.alice, drop.ID, drive.LinkOptions{Role: access.Editor})
		if err != nil || editor.Role != access.Editor {
			t.Fatalf("CreateLink(editor) = %+v, %v", editor, err)
		}
		v := drive.LinkVisit{Token: editor.Token}
		n, err := linkPut(ctx, e, v, "", "rapport.txt", "de l'extérieur")
		if err != nil || n.Name != "rapport (2).txt" || n.ParentID != drop.ID || n.OwnerID != e.alice {
			t.Fatalf("upload over a taken name = %+v, %v", n, err)
		}
		if got := e.read(t, f.ID); got != "v1" {
			t.Errorf("the existing file now holds %q", got)
		}
		if n2, err := linkPut(ctx, e, v, sub.ID, "photo.jpg", "jpeg"); err != nil || n2.ParentID != sub.ID {
			t.Errorf("upload into a folder below = %+v, %v", n2, err)
		}
		after, _ := e.s.Usage(ctx, e.alice)
		if want := before.Used + int64(len("de l'extérieur")+len("jpeg")); after.Used != want {
			t.Errorf("owner's usage = %d; want %d", after.Used, want)
		}

		// Nothing outside the folder, no hostile names.
		for _, id := range []string{outside.ID, root.ID, f.ID, "../" + outside.ID} {
			if _, err := linkPut(ctx, e, v, id, "x.txt", "x"); err == nil {
				t.Errorf("upload into %q through the link succeeded", id)
			}
		}
		for _, name := range []string{"..", ".", "../evil.txt", "a/b.txt", `..\evil.txt`, "/etc/passwd", "bad\x00.txt", "new\nline.txt", ""} {
			if _, err := linkPut(ctx, e, v, "", name, "x"); !errors.Is(err, errs.Invalid) {
				t.Errorf("upload named %q: %v; want Invalid", name, err)
			}
		}
		kids, _ := e.s.Children(ctx, e.alice, outside.ID)
		rootKids, _ := e.s.Children(ctx, e.alice, root.ID)
		if len(kids) != 0 || len(rootKids) != 2 {
			t.Errorf("something landed outside the folder: %d in Ailleurs, %d in the root", len(kids), len(rootKids))
		}

		// Over the owner's quota: refused, nothing left.
		if err := e.s.SetQuota(ctx, e.alice, after.Used+3); err != nil {
			t.Fatal(err)
		}
		if _, err := linkPut(ctx, e, v, "", "gros.bin", "trop gros"); !errors.Is(err, errs.TooLarge) {
			t.Errorf("upload over quota: %v; want TooLarge", err)
		}
		if err := e.s.SetQuota(ctx, e.alice, -1); err != nil {
			t.Fatal(err)
		}

		// The password and the expiry apply.
		exp := e.now.Add(time.Hour)
		locked, err := e.s.CreateLink(ctx, e.alice, drop.ID, drive.LinkOptions{Role: access.Editor, Password: "boîte aux lettres", ExpiresAt: &exp})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: locked.Token}, "", "a.txt", "a"); !errors.Is(err, drive.ErrLinkPassword) {
			t.Errorf("locked link: %v; want ErrLinkPassword", err)
		}
		_, cookie, _, err := e.s.UnlockLink(ctx, locked.Token, "boîte aux lettres", "10.0.0.9")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: locked.Token, Unlock: cookie}, "", "a.txt", "a"); err != nil {
			t.Errorf("unlocked link: %v", err)
		}
		e.now = e.now.Add(2 * time.Hour)
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: editor.Token}, "", "tard.txt", "late"); err != nil {
			t.Errorf("link without expiry: %v", err)
		}
		_, cookie, _, _ = e.s.UnlockLink(ctx, locked.Token, "boîte aux lettres", "10.0.0.9")
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: locked.Token, Unlock: cookie}, "", "b.txt", "b"); !errors.Is(err, drive.ErrLinkGone) {
			t.Errorf("expired link: %v; want ErrLinkGone", err)
		}

		// A link made by an administrator of the folder stops taking uploads
		// once that access is removed.
		g, _, err := e.s.Share(ctx, e.alice, drop.ID, access.Principal{UserID: e.bob}, access.Administrator)
		if err != nil {
			t.Fatal(err)
		}
		byBob, err := e.s.CreateLink(ctx, e.bob, drop.ID, drive.LinkOptions{Role: access.Editor})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := linkPut(ctx, e, drive.LinkVisit{Token: byBob.Token}, "", "bob.txt", "b"); err != nil || n.OwnerID != e.alice {
			t.Errorf("upload through bob's link = %+v, %v; want a file of alice's", n, err)
		}
		if err := e.s.Unshare(ctx, e.alice, drop.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := linkPut(ctx, e, drive.LinkVisit{Token: byBob.Token}, "", "bob2.txt", "b"); err == nil {
			t.Error("upload through the link of someone who lost access succeeded")
		}
	})
}
