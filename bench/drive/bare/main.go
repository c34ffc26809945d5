// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command bare serves a local folder with golang.org/x/net/webdav and
// nothing else: no authentication, metadata, permissions or database. It
// is the ceiling that bench/drive compares Ensemble's WebDAV server with.
//
//	bare -listen 127.0.0.1:8080 -dir /tmp/folder
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/net/webdav"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("dir", "", "folder to serve")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "bare: -dir is required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{
		Addr:              *listen,
		Handler:           &webdav.Handler{FileSystem: webdav.Dir(*dir), LockSystem: webdav.NewMemLS()},
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}
