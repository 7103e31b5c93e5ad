package main

import (
	"context"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// engineLogger sends log messages back to the Pulumi engine (the `pulumirpc.Engine` service whose address the
// engine passes on the command line and again in Handshake). Without an address every call is a no-op, which is
// what the unit tests rely on. Logging is best effort: failures are dropped, never surfaced as resource errors.
type engineLogger struct {
	mu     sync.Mutex
	addr   string
	conn   *grpc.ClientConn
	client pulumirpc.EngineClient
}

func newEngineLogger(addr string) *engineLogger { return &engineLogger{addr: addr} }

// setAddress records the engine address if none is known yet (Handshake carries it too).
func (l *engineLogger) setAddress(addr string) {
	if l == nil || addr == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.addr == "" {
		l.addr = addr
	}
}

func (l *engineLogger) engine() pulumirpc.EngineClient {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.client != nil || l.addr == "" {
		return l.client
	}
	conn, err := grpc.NewClient(l.addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		rpcutil.GrpcChannelOptions())
	if err != nil {
		l.addr = "" // do not retry on every line
		return nil
	}
	l.conn = conn
	l.client = pulumirpc.NewEngineClient(conn)
	return l.client
}

// log sends one message. Ephemeral messages are status lines shown next to the resource while it is being worked
// on; non-ephemeral ones end up in the diagnostics section of the update.
func (l *engineLogger) log(sev pulumirpc.LogSeverity, urn, msg string, ephemeral bool) {
	client := l.engine()
	if client == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = client.Log(ctx, &pulumirpc.LogRequest{
		Severity:  sev,
		Message:   msg,
		Urn:       urn,
		Ephemeral: ephemeral,
	})
}
