// Command pulumi-resource-command is a small stand-in for the Pulumi "command" resource provider plugin.
// It serves the pulumirpc.ResourceProvider gRPC interface for the `command:local:Command` resource and the
// `command:local:run` function used by the @pulumi/command Node SDK. See README.md for why it exists and how it
// differs from the real plugin.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is reported by GetPluginInfo. @pulumi/command 1.2.1 asks the engine for plugin version 1.2.1.
// Override at build time with -ldflags "-X main.version=...".
var version = "1.2.1"

// engineAddress picks the engine's gRPC address out of the plugin's command line. The engine starts providers as
// `pulumi-resource-<name> [--logtostderr] [-v=N] [--tracing <endpoint>] <engine-address>`; flags are ignored here.
func engineAddress(args []string) string {
	addr := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--tracing" || a == "-tracing":
			i++ // skip the endpoint value
		case strings.HasPrefix(a, "-"):
			// --logtostderr, -v=N, --tracing=..., and anything else flag-like
		default:
			addr = a
		}
	}
	return addr
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "--version" || os.Args[1] == "-version") {
		fmt.Println(version)
		return
	}

	prov := newProvider(version, newEngineLogger(engineAddress(os.Args[1:])))

	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, prov)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command: fatal: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command: fatal: %v\n", err)
		os.Exit(1)
	}
}
