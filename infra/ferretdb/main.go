// Command ctp-ferretdb runs an embedded FerretDB 1.x (MongoDB wire protocol)
// on top of PostgreSQL, for the native dev/CI infrastructure (see infra/infra).
//
// It exists because `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.x`
// panics on the missing build/version/version.txt file; the embeddable package
// github.com/FerretDB/FerretDB/ferretdb skips that check when it is not the main
// module.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const ferretModule = "github.com/FerretDB/FerretDB"

// envOr returns the first non-empty environment variable among keys, or def.
func envOr(def string, keys ...string) string {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return def
}

// ferretVersion reports the FerretDB module version compiled into this binary.
func ferretVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == ferretModule {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(strings.ToUpper(s)))
	return l, err
}

func run() error {
	listen := flag.String("listen-addr",
		envOr("127.0.0.1:27017", "CTP_FERRETDB_LISTEN_ADDR", "FERRETDB_LISTEN_ADDR"),
		"TCP address to listen on (env CTP_FERRETDB_LISTEN_ADDR or FERRETDB_LISTEN_ADDR)")
	handler := flag.String("handler",
		envOr("postgresql", "CTP_FERRETDB_HANDLER", "FERRETDB_HANDLER"),
		"backend handler: postgresql or sqlite (env CTP_FERRETDB_HANDLER or FERRETDB_HANDLER)")
	pgURL := flag.String("postgresql-url",
		envOr("postgres://ctp:ctp@127.0.0.1:5433/ferretdb", "CTP_FERRETDB_POSTGRESQL_URL", "FERRETDB_POSTGRESQL_URL"),
		"PostgreSQL URL for the postgresql handler (env CTP_FERRETDB_POSTGRESQL_URL or FERRETDB_POSTGRESQL_URL)")
	sqliteURL := flag.String("sqlite-url",
		envOr("", "CTP_FERRETDB_SQLITE_URL", "FERRETDB_SQLITE_URL"),
		"SQLite directory URI for the sqlite handler, e.g. file:data/ (needs a build without the ferretdb_no_sqlite tag)")
	logLevel := flag.String("log-level",
		envOr("info", "CTP_FERRETDB_LOG_LEVEL", "FERRETDB_LOG_LEVEL"),
		"log level: debug, info, warn or error")
	version := flag.Bool("version", false, "print the FerretDB version and exit")
	flag.Parse()

	if *version {
		fmt.Printf("ctp-ferretdb (FerretDB %s)\n", ferretVersion())
		return nil
	}

	level, err := parseLevel(*logLevel)
	if err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	// The embedded package never starts the telemetry reporter and marks
	// telemetry as disabled; these make the intent explicit for any code path
	// that reads the standard opt-out variables.
	_ = os.Setenv("FERRETDB_TELEMETRY", "disable")
	_ = os.Setenv("DO_NOT_TRACK", "1")

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	switch *handler {
	case "postgresql":
		cfg.PostgreSQLURL = *pgURL
	case "sqlite":
		if *sqliteURL == "" {
			return errors.New("-sqlite-url is required with -handler=sqlite")
		}
		cfg.SQLiteURL = *sqliteURL
	default:
		return fmt.Errorf("unsupported -handler %q (want postgresql or sqlite)", *handler)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	f, err := ferretdb.New(cfg)
	if err != nil {
		return err
	}

	logger.Info("ctp-ferretdb starting", "ferretdb", ferretVersion(), "listen", *listen, "handler", *handler)
	if err := f.Run(ctx); err != nil {
		return err
	}
	logger.Info("ctp-ferretdb stopped")
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "ctp-ferretdb: %v\n", err)
		os.Exit(1)
	}
}
