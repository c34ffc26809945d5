// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// measure runs the three phases against every server, alternating between
// the servers within each phase so that a noisy moment hits all of them.
func measure(ctx context.Context, c config, servers []*server, rcloneBin, big, sum, work string) ([]*result, error) {
	rs := make([]*result, len(servers))
	for i, s := range servers {
		rs[i] = &result{name: s.name}
	}
	if err := transfers(ctx, c, servers, rs, rcloneBin, big, sum, work); err != nil {
		return nil, err
	}
	if err := listings(ctx, c, servers, rs); err != nil {
		return nil, err
	}
	if err := smallPuts(ctx, c, servers, rs); err != nil {
		return nil, err
	}
	for i, s := range servers {
		p, err := benchenv.ReadProc(s.pid())
		if err != nil {
			return nil, err
		}
		rs[i].finalRSS = p.PeakRSS
	}
	return rs, nil
}

// transfers uploads the large file with `rclone copyto` to a new name and
// downloads it again, c.runs times per server; every download is checked
// against the file's SHA-256 (outside the timing). The servers' peak RSS
// and CPU time are read after the last run.
func transfers(ctx context.Context, c config, servers []*server, rs []*result, rcloneBin, big, sum, work string) error {
	clients := make([]*rcloneClient, len(servers))
	cpu0 := make([]time.Duration, len(servers))
	for i, s := range servers {
		cl, err := newRcloneClient(ctx, rcloneBin, s)
		if err != nil {
			return err
		}
		clients[i] = cl
		p, err := benchenv.ReadProc(s.pid())
		if err != nil {
			return err
		}
		cpu0[i], rs[i].startRSS = p.CPU, p.PeakRSS
	}
	down := filepath.Join(work, "down.bin")
	for run := range c.runs {
		for i, s := range servers {
			name := fmt.Sprintf("dav:big-%d.bin", run)
			d, err := clients[i].copyto(ctx, s, big, name)
			if err != nil {
				return fmt.Errorf("%s: upload: %w", s.name, err)
			}
			rs[i].up = append(rs[i].up, d)
			progress("%s: upload %d: %s, %.0f MB/s", s.name, run+1, fmtDur(d), mbps(c.size, d))
			if d, err = clients[i].copyto(ctx, s, name, down); err != nil {
				return fmt.Errorf("%s: download: %w", s.name, err)
			}
			rs[i].down = append(rs[i].down, d)
			progress("%s: download %d: %s, %.0f MB/s", s.name, run+1, fmtDur(d), mbps(c.size, d))
			got, err := fileSHA256(down)
			if err != nil {
				return err
			}
			if got != sum {
				return fmt.Errorf("%s: the downloaded file differs from the uploaded one", s.name)
			}
			os.Remove(down)
		}
	}
	for i, s := range servers {
		p, err := benchenv.ReadProc(s.pid())
		if err != nil {
			return err
		}
		rs[i].transferRSS, rs[i].transferCPU = p.PeakRSS, p.CPU-cpu0[i]
		progress("%s: peak RSS %s, CPU %s during the transfers", s.name, fmtMB(p.PeakRSS), fmtDur(rs[i].transferCPU))
	}
	return nil
}

// listings creates a folder of c.files small files on each server through
// its WebDAV (c.workers concurrent clients), then times PROPFIND Depth 1
// on it: one warm-up, then c.propfinds requests of each body, one server
// after the other.
func listings(ctx context.Context, c config, servers []*server, rs []*result) error {
	const dir = "many"
	for i, s := range servers {
		each := (c.files + c.workers - 1) / c.workers
		// The last clients upload fewer: exactly c.files in all.
		res, err := putMany(ctx, s, dir, c.workers, each, c.smallB, c.files)
		if err != nil {
			return fmt.Errorf("%s: create the folder: %w", s.name, err)
		}
		if res.fail > 0 {
			return fmt.Errorf("%s: create the folder: %d PUTs failed, the first: %w", s.name, res.fail, res.firstErr)
		}
		rs[i].populate = res
		progress("%s: %d files created in %s", s.name, res.ok, fmtDur(res.elapsed))
	}
	client := newClient(1)
	defer client.CloseIdleConnections()
	for round := -1; round < c.propfinds; round++ {
		for i, s := range servers {
			for _, body := range []string{allpropBody, namedBody} {
				d, size, n, err := propfind(ctx, client, s, dir, body)
				if err != nil {
					return fmt.Errorf("%s: %w", s.name, err)
				}
				if n != c.files+1 {
					return fmt.Errorf("%s: PROPFIND listed %d resources, not %d", s.name, n, c.files+1)
				}
				if round < 0 {
					continue // the warm-up
				}
				if body == allpropBody {
					rs[i].allprop, rs[i].allpropSize = append(rs[i].allprop, d), size
				} else {
					rs[i].named, rs[i].namedSize = append(rs[i].named, d), size
				}
			}
		}
	}
	for i, r := range rs {
		progress("%s: PROPFIND allprop median %s p99 %s, named median %s p99 %s", servers[i].name,
			fmtDur(median(r.allprop)), fmtDur(percentile(r.allprop, 99)), fmtDur(median(r.named)), fmtDur(percentile(r.named, 99)))
	}
	return nil
}

// smallPuts has c.clients concurrent clients upload c.each small files
// each into one new folder per server, and checks with PROPFIND that
// every file is there.
func smallPuts(ctx context.Context, c config, servers []*server, rs []*result) error {
	const dir = "small"
	for i, s := range servers {
		p0, err := benchenv.ReadProc(s.pid())
		if err != nil {
			return err
		}
		res, err := putMany(ctx, s, dir, c.clients, c.each, c.smallB, c.clients*c.each)
		if err != nil {
			return fmt.Errorf("%s: small files: %w", s.name, err)
		}
		p1, err := benchenv.ReadProc(s.pid())
		if err != nil {
			return err
		}
		rs[i].small, rs[i].smallCPU = res, p1.CPU-p0.CPU
		progress("%s: %d small PUTs in %s: %.0f files/s, %d failed", s.name, res.ok, fmtDur(res.elapsed),
			float64(res.ok)/res.elapsed.Seconds(), res.fail)
		if res.fail > 0 {
			// Reported in the table; the folder is then incomplete.
			progress("%s: the first failure: %v", s.name, res.firstErr)
			continue
		}
		client := newClient(1)
		_, _, n, err := propfind(ctx, client, s, dir, namedBody)
		client.CloseIdleConnections()
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if n != c.clients*c.each+1 {
			return fmt.Errorf("%s: the folder of small files lists %d resources, not %d", s.name, n, c.clients*c.each+1)
		}
	}
	return nil
}
