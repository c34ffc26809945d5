// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package server is Ensemble's composition root: it builds the database,
// the blob store, the event bus and every domain, in order, mounts their
// routes behind the shared middleware, and serves them until told to stop.
// Nothing else in the program constructs dependencies; a test can build two
// whole servers in one process.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/dav"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/doccomments"
	"github.com/ensemble-suite/ensemble/internal/docexport"
	"github.com/ensemble-suite/ensemble/internal/docmedia"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/docversions"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/federation"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/mail"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
	"github.com/ensemble-suite/ensemble/internal/search"
	"github.com/ensemble-suite/ensemble/internal/teams"
	"github.com/ensemble-suite/ensemble/internal/webauth"
)

// Server is a running Ensemble: its dependencies, its routes and its
// listener.
type Server struct {
	cfg        config.Config
	log        *slog.Logger
	db         *db.DB
	blobs      blob.Store
	bus        bus.Bus
	audit      *audit.Log
	identity   *identity.Service
	oidc       *oidcop.Provider
	federation *federation.Service
	webauth    *webauth.Service
	teams      *teams.Service
	docs       *docs.Service
	collab     *collab.Service
	docexport  *docexport.Service
	media      *docmedia.Service
	versions   *docversions.Service
	comments   *doccomments.Service
	mail       *mail.Outbox // nil without --smtp
	search     *search.Service
	drive      *drive.Service
	dav        *dav.Handler
	registry   *prometheus.Registry
	streams    *drain.Group
	modules    []Module
	listener   net.Listener
	base       *url.URL
	http       *http.Server
	handler    http.Handler
	mux        *http.ServeMux

	closeOnce sync.Once
}

// Module is an application of the suite that the web shell lists in its
// app switcher. Only modules that exist are listed.
type Module struct {
	// ID is the module's stable identifier ("docs").
	ID string `json:"id"`
	// Name is its English name; the UI translates known IDs.
	Name string `json:"name"`
	// Path is where its UI lives ("/docs").
	Path string `json:"path"`
}

// StartupError is a failure to start, described in one line for the
// operator: what failed, and where.
type StartupError struct {
	// What names the step that failed ("open the database").
	What string
	// Err is the cause.
	Err error
}

func (e *StartupError) Error() string {
	// One line: drivers put details on lines of their own.
	msg := strings.Join(strings.Fields(strings.ReplaceAll(e.Err.Error(), "\n", "; ")), " ")
	return "cannot " + e.What + ": " + msg
}

// Unwrap returns the cause.
func (e *StartupError) Unwrap() error { return e.Err }

// startupTimeout bounds each step of New that talks to another service, so
// that a wrong address fails in seconds, not minutes.
const startupTimeout = 8 * time.Second

// New builds a server from cfg: it binds the listener, prepares the data
// folder, opens and migrates the database, opens the blob store and mounts
// every route. It does not serve yet; call Serve. On error it releases
// whatever it had acquired.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (_ *Server, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: log, streams: drain.New(), registry: prometheus.NewRegistry()}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()

	s.listener, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, &StartupError{"listen on " + cfg.Listen, unwrapOp(err)}
	}
	s.base = cfg.PublicURL(s.listener.Addr())

	if err := prepareDataDir(cfg.DataDir); err != nil {
		return nil, &StartupError{"use the data folder " + cfg.DataDir, err}
	}

	openCtx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	s.db, err = db.Open(openCtx, cfg.Database, cfg.SQLitePath())
	if err != nil {
		return nil, &StartupError{"open the database " + describeDatabase(cfg), err}
	}
	migrated, err := s.db.Migrate(openCtx)
	if err != nil {
		return nil, &StartupError{"migrate the database " + describeDatabase(cfg), err}
	}

	s.blobs, err = openBlobs(openCtx, cfg)
	if err != nil {
		return nil, &StartupError{"open the blob store " + describeBlobs(cfg), err}
	}

	s.bus, err = openBus(openCtx, cfg, log)
	if err != nil {
		return nil, &StartupError{"connect to NATS " + describeNATS(cfg), err}
	}
	s.audit = audit.New(s.db, log)
	s.identity = identity.New(s.db, s.audit, log, identity.Options{BaseURL: s.base})
	s.teams = teams.New(s.db, s.identity, s.audit, log, s.base)
	s.docs = docs.New(s.db, s.audit, log, docs.Options{Users: s.identity, Inviter: s.teams, TrashDays: cfg.DocsTrashDays})
	s.modules = append(s.modules, Module{ID: "docs", Name: "Docs", Path: "/docs"})
	s.modules = append(s.modules, Module{ID: "drive", Name: "Drive", Path: "/drive"})
	s.drive = drive.New(s.db, s.blobs, s.audit, log, drive.Options{DefaultQuota: cfg.DriveQuota, TrashRetention: cfg.DriveTrashRetention, Clamd: cfg.Clamd})
	s.dav = dav.New(s.db, s.drive, s.identity, log)
	s.collab = collab.New(s.db, s.bus, s.docs, s.identity, s.streams, log, collab.Options{OnStored: s.contentStored})
	s.docs.SetOnAccessChange(s.collab.AccessChanged)
	s.search = search.New(search.NewIndex(s.db), s.docs, searchSource{s.docs, s.collab}, log)
	s.docs.SetOnChange(s.search.Touch)
	s.docexport = docexport.New(s.docs, s.collab, s.audit, log)
	s.media = docmedia.New(s.db, s.blobs, s.docs, log, docmedia.Options{})
	s.docexport.SetMedia(s.media)
	s.versions = docversions.New(s.db, s.docs, s.collab, log, docversions.Options{Audit: s.audit})
	s.comments = doccomments.New(s.db, s.docs, log)
	s.oidc, err = oidcop.NewWithOptions(openCtx, s.db, s.identity, s.audit, log, s.base, oidcop.Options{Groups: s.teamIDs})
	if err != nil {
		return nil, &StartupError{"start the OpenID Connect provider", err}
	}
	s.identity.SetBearerVerifier(s.oidc.VerifyAccessToken)
	s.federation = federation.New(s.db, s.identity, s.audit, log, s.base)
	s.webauth = webauth.New(s.oidc.Handler(), s.identity, s.oidc.WebClientID(), s.base, log)
	s.openMail()

	s.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	s.handler, err = s.routes()
	if err != nil {
		return nil, &StartupError{"set up routes", err}
	}
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if migrated > 0 {
		log.Info("database migrated", "applied", migrated, "version", db.LatestVersion(s.db.Dialect()))
	}
	return s, nil
}

// contentStored tells the search indexer and the versions service that a
// document's content changed; the collaboration engine is built before
// them, hence the indirection.
func (s *Server) contentStored(docID string) {
	if s.search != nil {
		s.search.Touch(docID)
	}
	if s.versions != nil {
		s.versions.Stored(docID)
	}
}

// URL is the public URL of the server.
func (s *Server) URL() *url.URL { return s.base }

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// Handler is the whole server as an http.Handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Teams is the server's teams service, for tests.
func (s *Server) Teams() *teams.Service { return s.teams }

// Identity is the server's identity service, for tests.
func (s *Server) Identity() *identity.Service { return s.identity }

// OIDC is the server's OpenID Connect provider, for tests and commands.
func (s *Server) OIDC() *oidcop.Provider { return s.oidc }

// Federation is the server's upstream login service, for tests.
func (s *Server) Federation() *federation.Service { return s.federation }

// Docs is the server's document record service, for tests.
func (s *Server) Docs() *docs.Service { return s.docs }

// Drive is the server's file storage service, for tests.
func (s *Server) Drive() *drive.Service { return s.drive }

// DB is the server's database, for tests and administrative commands.
func (s *Server) DB() *db.DB { return s.db }

// Serve answers requests until ctx ends, then stops gracefully: it stops
// accepting, lets in-flight requests finish and asks long-lived
// connections to close, up to the configured shutdown timeout. It returns
// nil after a clean stop.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.listener) }()
	hkCtx, stopHousekeeping := context.WithCancel(ctx)
	var hk sync.WaitGroup
	hk.Go(func() { s.housekeeping(hkCtx) })
	hk.Go(func() { s.drive.RunScanner(hkCtx, 2*time.Second) })
	hk.Go(func() { s.search.Run(hkCtx) })
	hk.Go(func() { s.versions.Run(hkCtx) })
	if s.mail != nil {
		hk.Go(func() { s.mail.Run(hkCtx) })
	}
	defer func() { stopHousekeeping(); hk.Wait() }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("stopping: draining requests", "timeout", s.cfg.ShutdownTimeout)
	stopCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	var wg sync.WaitGroup
	var drainErr error
	wg.Go(func() { drainErr = s.streams.Drain(stopCtx) })
	err := s.http.Shutdown(stopCtx)
	wg.Wait()
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if err := errors.Join(err, drainErr); err != nil {
		s.http.Close()
		return fmt.Errorf("stop: requests still running after %s: %w", s.cfg.ShutdownTimeout, err)
	}
	return nil
}

// housekeeping deletes expired rows now and then until ctx ends. Nothing
// depends on it for correctness: expired rows are refused when read.
func (s *Server) housekeeping(ctx context.Context) {
	// A new installation's signing key is made here rather than before
	// readiness.
	if err := s.oidc.PrepareKey(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("housekeeping: prepare the signing key", "err", err)
	}
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if err := s.oidc.Cleanup(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("housekeeping: oidc cleanup", "err", err)
		}
		if _, err := s.drive.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("housekeeping: drive trash purge", "err", err)
		}
		if n, err := s.docs.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("housekeeping: docs trash", "err", err)
		} else if n > 0 {
			s.log.Info("housekeeping: purged documents from the trash", "count", n)
		}
		if _, err := s.media.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("housekeeping: blobs of purged documents' media", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Close releases everything the server holds. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.listener != nil {
			s.listener.Close()
		}
		if s.bus != nil {
			err = errors.Join(err, s.bus.Close())
		}
		if s.db != nil {
			err = errors.Join(err, s.db.Close())
		}
	})
	return err
}

// prepareDataDir creates the data folder if needed and checks that files
// can be written in it.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return unwrapOp(err)
	}
	probe, err := os.CreateTemp(dir, ".write-probe-*")
	if err != nil {
		return fmt.Errorf("not writable: %w", unwrapOp(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// unwrapOp drops the *os.PathError and *net.OpError wrappers, whose text
// repeats what StartupError already says.
func unwrapOp(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		var se *os.SyscallError
		if errors.As(oe.Err, &se) {
			return se.Err
		}
		return oe.Err
	}
	return err
}

func describeDatabase(cfg config.Config) string {
	if cfg.Database == "" {
		abs, _ := filepath.Abs(cfg.SQLitePath())
		return "(SQLite " + abs + ")"
	}
	u, err := url.Parse(cfg.Database)
	if err != nil {
		return "(PostgreSQL)"
	}
	return "(PostgreSQL " + u.Redacted() + ")"
}

func describeBlobs(cfg config.Config) string {
	if cfg.Blobs == "" {
		abs, _ := filepath.Abs(cfg.BlobDir())
		return "(folder " + abs + ")"
	}
	return "(" + cfg.Blobs + ")"
}

// teamIDs gives the OpenID Connect groups claim: the IDs of the user's
// teams (IDs, since team names need not be unique).
func (s *Server) teamIDs(ctx context.Context, userID string) ([]string, error) {
	list, err := s.teams.TeamsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, t := range list {
		ids[i] = t.ID
	}
	return ids, nil
}
