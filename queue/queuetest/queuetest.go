// Package queuetest gives the queue's tests (and the CLI's) a JetStream server and a queue
// name of their own. Only test files import it, so the nats-server module stays out of the
// binaries.
//
// The tests run against the machine's NATS server (127.0.0.1:4222, or $BUDGETPDF_TEST_NATS)
// when it answers with JetStream on: that is the server a deployment talks to, with its
// version and limits. Each test gets a fresh queue name there and removes its streams and
// buckets when it ends. Only where no such server answers does a test start an embedded one
// (logged, so a run that fell back says so); BUDGETPDF_REQUIRE_NATS=1 turns that fallback
// into a failure.
package queuetest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// MachineURL is where the machine's own NATS server listens.
const MachineURL = "nats://127.0.0.1:4222"

var seq atomic.Int64

// Server returns a JetStream server's URL and a queue name no other test uses. Remove is
// called with the URL and name when the test ends; pass the queue's own removal (a func so
// this package needs no import of the queue).
func Server(t testing.TB, remove func(url, name string) error) (url, name string) {
	t.Helper()
	url = os.Getenv("BUDGETPDF_TEST_NATS")
	if url == "" {
		url = MachineURL
	}
	if err := jetStreamUp(url); err == nil {
		name = fmt.Sprintf("t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1_000_000_000, seq.Add(1))
		if remove != nil {
			t.Cleanup(func() {
				if err := remove(url, name); err != nil {
					t.Errorf("removing queue %s from %s: %v", name, url, err)
				}
			})
		}
		return url, name
	} else if os.Getenv("BUDGETPDF_REQUIRE_NATS") == "1" {
		t.Fatalf("the machine's NATS server %s: %v (BUDGETPDF_REQUIRE_NATS=1)", url, err)
	} else {
		t.Logf("the machine's NATS server %s: %v; falling back to an embedded server", url, err)
	}
	return StartServer(t), "test"
}

// jetStreamUp reports why url is not a JetStream server this test can use, or nil.
func jetStreamUp(url string) error {
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	return nil
}

// StartServer runs an embedded JetStream server with its own store for one test and returns
// its client URL: the fallback of Server, and for tests that must stop the server itself.
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
