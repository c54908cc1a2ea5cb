// Package queuetest starts a JetStream server for the queue's tests (and the CLI's). Only
// test files import it, so the nats-server module stays out of the binaries.
package queuetest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// StartServer runs an embedded JetStream server with its own store for one test and returns
// its client URL. Each test gets a fresh server, so streams and buckets never leak between
// tests (the machine's shared server on 127.0.0.1:4222 is used by scripts/queue-corpus.sh
// and the benchmark, which run whole queues end to end).
func StartServer(t testing.TB) string {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded nats-server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s.ClientURL()
}
