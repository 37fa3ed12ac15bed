// Embeds FerretDB v1.24.2 as a library: a plain `go install` of FerretDB panics at start-up
// (build/version/version.go needs version.txt), embedding skips that check and disables telemetry.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// defaultSQLiteParams: WAL as FerretDB's default, and synchronous=NORMAL: in WAL mode a commit then no longer
// waits for fsync (only checkpoints do), which halved the time a write holds the lock on a busy machine. A crash
// of the app or of this server loses nothing; a power cut may lose the last commits, never corrupts the files.
// This server is for development and tests (production runs on MongoDB). HOSO_SQLITE_PARAMS overrides it.
const defaultSQLiteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)"

func main() {
	addr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free one)")
	dir := flag.String("sqlite-dir", "", "existing directory for the SQLite files")
	level := flag.String("log-level", "error", "debug|info|warn|error")
	defaults := defaultSQLiteParams
	if v := os.Getenv("HOSO_SQLITE_PARAMS"); v != "" {
		defaults = v
	}
	params := flag.String("sqlite-params", defaults, "query parameters of the SQLite URI (modernc.org/sqlite DSN)")
	flag.Parse()
	if *dir == "" {
		log.Fatal("--sqlite-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}

	listen := *addr
	// Port 0: reserve a free port ourselves so the chosen address can be printed for the caller.
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		log.Fatal(err)
	}
	if port == "0" {
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			log.Fatal(err)
		}
		listen = l.Addr().String()
		_ = l.Close()
	}

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		lvl = slog.LevelWarn
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/?" + *params,
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})),
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		// The line the Node harness waits for; printed once the listener accepts connections.
		for {
			c, err := net.Dial("tcp", listen)
			if err == nil {
				_ = c.Close()
				fmt.Printf("LISTENING %s\n", listen)
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
