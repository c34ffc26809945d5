// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// sumVersions is what the usage counter must equal: the sizes of every
// version user keeps, summed.
func (e *env) sumVersions(t *testing.T, user string) int64 {
	t.Helper()
	var sum int64
	if err := e.db.QueryRowContext(t.Context(), `SELECT COALESCE(SUM(size), 0) FROM drive_versions WHERE owner_id = $1`,
		user).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	return sum
}

// The usage counter stays equal to the sum of the user's versions through
// a random sequence of uploads, new versions (some pruned), copies of files
// and folders, version restores, trash, restores from the trash, purges and
// expired-trash purges.
func TestUsageCounterMatchesVersions(t *testing.T) {
	each(t, drive.Options{MaxVersions: 3, TrashRetention: time.Hour}, func(t *testing.T, e *env) {
		ctx := t.Context()
		rng := rand.New(rand.NewPCG(6, 18))
		root := e.root(t, e.alice).ID
		folders := []string{root}
		var files []string
		var trashed []string
		check := func(step int, op string) {
			t.Helper()
			u, err := e.s.Usage(ctx, e.alice)
			if err != nil {
				t.Fatal(err)
			}
			if want := e.sumVersions(t, e.alice); u.Used != want {
				t.Fatalf("step %d (%s): Usage.Used = %d; want the sum of versions %d", step, op, u.Used, want)
			}
		}
		pick := func(list []string) string { return list[rng.IntN(len(list))] }
		for step := range 120 {
			op := rng.IntN(9)
			switch {
			case op == 0 || len(files) == 0:
				content := strings.Repeat("x", 1+rng.IntN(300))
				n, err := e.s.Put(ctx, e.alice, pick(folders), fmt.Sprintf("f%d", step), strings.NewReader(content),
					drive.PutOptions{Size: int64(len(content))})
				switch {
				case err == nil:
					files = append(files, n.ID)
				case !errors.Is(err, errs.NotFound): // a folder in the trash
					t.Fatal(err)
				}
				check(step, "new file")
			case op == 1:
				n, err := e.s.Mkdir(ctx, e.alice, pick(folders), fmt.Sprintf("d%d", step))
				switch {
				case err == nil:
					folders = append(folders, n.ID)
				case !errors.Is(err, errs.NotFound):
					t.Fatal(err)
				}
			case op == 2:
				id := pick(files)
				_, err := e.s.PutContent(ctx, e.alice, id, strings.NewReader(strings.Repeat("y", rng.IntN(200))), drive.PutOptions{Size: -1})
				if err != nil && !errors.Is(err, errs.NotFound) { // trashed meanwhile
					t.Fatal(err)
				}
				check(step, "new version")
			case op == 3:
				src := pick(files)
				if len(folders) > 1 && rng.IntN(2) == 0 {
					src = pick(folders[1:])
				}
				n, err := e.s.Copy(ctx, e.alice, src, pick(folders), fmt.Sprintf("c%d", step), false)
				if err != nil && !errors.Is(err, errs.NotFound) && !errors.Is(err, errs.Invalid) {
					t.Fatal(err)
				}
				if err == nil && !n.Dir {
					files = append(files, n.ID)
				}
				check(step, "copy")
			case op == 4:
				id := pick(files)
				vs, err := e.s.Versions(ctx, e.alice, id)
				if errors.Is(err, errs.NotFound) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.s.RestoreVersion(ctx, e.alice, id, vs[len(vs)-1].ID); err != nil {
					t.Fatal(err)
				}
				check(step, "restore version")
			case op == 5:
				id := pick(append(files, folders[1:]...))
				if err := e.s.Trash(ctx, e.alice, id); err != nil && !errors.Is(err, errs.NotFound) {
					t.Fatal(err)
				} else if err == nil {
					trashed = append(trashed, id)
				}
				check(step, "trash")
			case op == 6 && len(trashed) > 0:
				i := rng.IntN(len(trashed))
				if _, err := e.s.Restore(ctx, e.alice, trashed[i]); err != nil && !errors.Is(err, errs.NotFound) {
					t.Fatal(err)
				}
				trashed = append(trashed[:i], trashed[i+1:]...)
				check(step, "restore from trash")
			case op == 7 && len(trashed) > 0:
				i := rng.IntN(len(trashed))
				if err := e.s.Purge(ctx, e.alice, trashed[i]); err != nil && !errors.Is(err, errs.NotFound) {
					t.Fatal(err)
				}
				trashed = append(trashed[:i], trashed[i+1:]...)
				check(step, "purge")
			case op == 8:
				e.now = e.now.Add(20 * time.Minute)
				if _, err := e.s.PurgeExpired(ctx); err != nil {
					t.Fatal(err)
				}
				check(step, "purge expired")
			}
		}
		if u, _ := e.s.Usage(ctx, e.alice); u.Used == 0 {
			t.Errorf("the sequence left nothing counted; the test proves little")
		}
	})
}

// Concurrent uploads near the quota: exactly as many pass as fit, the
// others are refused as too large, and the use never exceeds the quota.
func TestConcurrentUploadsNearQuota(t *testing.T) {
	const size, fit, uploads = 1000, 10, 24
	each(t, drive.Options{DefaultQuota: size * fit}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice).ID
		var wg sync.WaitGroup
		errc := make(chan error, uploads)
		for i := range uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.Put(ctx, e.alice, root, fmt.Sprintf("f%d", i), strings.NewReader(strings.Repeat("q", size)),
					drive.PutOptions{Size: size})
				errc <- err
			}()
		}
		wg.Wait()
		close(errc)
		ok := 0
		for err := range errc {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, errs.TooLarge):
				t.Errorf("Put: %v; want success or TooLarge", err)
			}
		}
		if ok != fit {
			t.Errorf("%d uploads passed; want %d (the quota holds %d)", ok, fit, fit)
		}
		u, err := e.s.Usage(ctx, e.alice)
		if err != nil {
			t.Fatal(err)
		}
		if u.Used != size*fit || u.Used != e.sumVersions(t, e.alice) {
			t.Errorf("Usage.Used = %d, sum of versions %d; want both %d", u.Used, e.sumVersions(t, e.alice), size*fit)
		}
	})
}

// Uploads, new versions, copies, version restores and purges of one user's
// files, all at once: none fails for a reason of the database (a deadlock,
// a serialization failure), and the counter ends equal to the sum.
func TestConcurrentVersionChanges(t *testing.T) {
	each(t, drive.Options{MaxVersions: 2}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice).ID
		base := make([]drive.Node, 4)
		for i := range base {
			base[i] = e.put(t, root, fmt.Sprintf("base%d", i), strings.Repeat("b", 10*(i+1)))
		}
		var wg sync.WaitGroup
		errc := make(chan error, 64)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 6 {
					f := base[(w+i)%len(base)]
					var err error
					switch (w + i) % 4 {
					case 0:
						_, err = e.s.PutContent(ctx, e.alice, f.ID, strings.NewReader(strings.Repeat("v", w+i)), drive.PutOptions{Size: -1})
					case 1:
						var c drive.Node
						if c, err = e.s.Copy(ctx, e.alice, f.ID, root, fmt.Sprintf("copy-%d-%d", w, i), false); err == nil {
							if err = e.s.Trash(ctx, e.alice, c.ID); err == nil {
								err = e.s.Purge(ctx, e.alice, c.ID)
							}
						}
					case 2:
						var vs []drive.Version
						if vs, err = e.s.Versions(ctx, e.alice, f.ID); err == nil {
							_, err = e.s.RestoreVersion(ctx, e.alice, f.ID, vs[len(vs)-1].ID)
						}
					case 3:
						_, err = e.s.Put(ctx, e.alice, root, fmt.Sprintf("new-%d-%d", w, i), strings.NewReader("n"), drive.PutOptions{Size: 1})
					}
					if err != nil && !errors.Is(err, errs.NotFound) { // a version pruned meanwhile
						errc <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Errorf("concurrent change: %v", err)
		}
		u, err := e.s.Usage(ctx, e.alice)
		if err != nil {
			t.Fatal(err)
		}
		if want := e.sumVersions(t, e.alice); u.Used != want {
			t.Errorf("Usage.Used = %d; want the sum of versions %d", u.Used, want)
		}
	})
}
