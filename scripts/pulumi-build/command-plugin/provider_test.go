package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

const testURN = "urn:pulumi:dev::cmdcheck::command:local:Command::hello"

func newTestProvider() *commandProvider { return newProvider("1.2.1", nil) }

func toStruct(t *testing.T, props resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(props, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fromStruct(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	props, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return props
}

func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

func str(t *testing.T, v resource.PropertyValue) string {
	t.Helper()
	p, ok := plain(v)
	if !ok || !p.IsString() {
		t.Fatalf("expected a known string, got %v", v)
	}
	return p.StringValue()
}

func create(t *testing.T, p *commandProvider, in resource.PropertyMap) (*pulumirpc.CreateResponse, error) {
	t.Helper()
	return p.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: testURN, Type: commandToken, Properties: toStruct(t, in),
	})
}

func TestCreateCapturesStdoutAndEchoesInputs(t *testing.T) {
	p := newTestProvider()
	resp, err := create(t, p, props(map[string]any{"create": "echo hello; echo warn >&2"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Id) != 16 {
		t.Errorf("id %q: want 16 hex characters", resp.Id)
	}
	out := fromStruct(t, resp.Properties)
	if got := str(t, out["stdout"]); got != "hello" {
		t.Errorf("stdout = %q, want %q (one trailing newline trimmed)", got, "hello")
	}
	if got := str(t, out["stderr"]); got != "warn" {
		t.Errorf("stderr = %q, want %q", got, "warn")
	}
	if got := str(t, out["create"]); got != "echo hello; echo warn >&2" {
		t.Errorf("create not echoed: %q", got)
	}
}

func TestCreatePassesEnvironmentStdinAndDir(t *testing.T) {
	dir := t.TempDir()
	p := newTestProvider()
	resp, err := create(t, p, props(map[string]any{
		"create":      `printf '%s|%s|' "$GREETING" "$(cat)"; pwd`,
		"environment": map[string]any{"GREETING": "world"},
		"stdin":       "from-stdin",
		"dir":         dir,
	}))
	if err != nil {
		t.Fatal(err)
	}
	got := str(t, fromStruct(t, resp.Properties)["stdout"])
	realDir, _ := filepath.EvalSymlinks(dir)
	if got != "world|from-stdin|"+dir && got != "world|from-stdin|"+realDir {
		t.Errorf("stdout = %q", got)
	}
}

func TestCreateWithInterpreter(t *testing.T) {
	p := newTestProvider()
	resp, err := create(t, p, props(map[string]any{
		"create":      "print-me",
		"interpreter": []any{"/bin/echo", "arg"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := str(t, fromStruct(t, resp.Properties)["stdout"]); got != "arg print-me" {
		t.Errorf("stdout = %q", got)
	}
}

func TestCreateFailsOnNonZeroExit(t *testing.T) {
	p := newTestProvider()
	_, err := create(t, p, props(map[string]any{"create": "echo partial; echo 'it broke' >&2; exit 3"}))
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"exited with code 3", "it broke"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestCreateFailsOnMissingDir(t *testing.T) {
	p := newTestProvider()
	_, err := create(t, p, props(map[string]any{"create": "true", "dir": "/definitely/not/here"}))
	if err == nil || !strings.Contains(err.Error(), "/definitely/not/here") {
		t.Fatalf("error = %v", err)
	}
}

func TestCreateHonoursTimeout(t *testing.T) {
	p := newTestProvider()
	start := time.Now()
	_, err := p.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: testURN, Type: commandToken, Timeout: 0.3,
		Properties: toStruct(t, props(map[string]any{"create": "sleep 30 & wait"})),
	})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("error = %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v to stop", time.Since(start))
	}
}

func TestCancelKillsRunningCommand(t *testing.T) {
	p := newTestProvider()
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, _ = p.Cancel(context.Background(), &emptypb.Empty{})
	}()
	_, err := create(t, p, props(map[string]any{"create": "sleep 30"}))
	if err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("error = %v", err)
	}
}

func TestCreatePreviewRunsNothing(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	p := newTestProvider()
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: testURN, Type: commandToken, Preview: true,
		Properties: toStruct(t, props(map[string]any{"create": "touch " + marker})),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran during preview")
	}
	out := fromStruct(t, resp.Properties)
	if !out["stdout"].IsComputed() || !out["stderr"].IsComputed() {
		t.Errorf("stdout/stderr should be unknown in preview: %v", out)
	}
}

func TestSecretsArePreserved(t *testing.T) {
	p := newTestProvider()
	in := props(map[string]any{"create": `printf '%s' "$TOKEN" | wc -c`})
	in["environment"] = resource.NewObjectProperty(resource.PropertyMap{
		"TOKEN": resource.MakeSecret(resource.NewStringProperty("s3cr3t")),
	})
	resp, err := create(t, p, in)
	if err != nil {
		t.Fatal(err)
	}
	out := fromStruct(t, resp.Properties)
	if !out["environment"].ContainsSecrets() {
		t.Error("environment lost its secret")
	}
	if !out["stdout"].IsSecret() || !out["stderr"].IsSecret() {
		t.Error("stdout/stderr should be secret when an input is secret")
	}
	if got := strings.TrimSpace(str(t, out["stdout"])); got != "6" {
		t.Errorf("stdout = %q: the secret's value should reach the command", got)
	}
}

func TestCheck(t *testing.T) {
	p := newTestProvider()
	good := props(map[string]any{"create": "true", "environment": map[string]any{"A": "b"}, "triggers": []any{1, "x"}})
	good["update"] = resource.MakeComputed(resource.NewStringProperty(""))
	resp, err := p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: testURN, Type: commandToken, News: toStruct(t, good)})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Failures) != 0 {
		t.Errorf("unexpected failures: %v", resp.Failures)
	}

	bad := props(map[string]any{
		"create": 42.0, "environment": map[string]any{"A": true}, "interpreter": []any{},
		"logging": "loud", "addPreviousOutputInEnv": "yes", "triggers": "x",
	})
	resp, err = p.Check(context.Background(), &pulumirpc.CheckRequest{Urn: testURN, Type: commandToken, News: toStruct(t, bad)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range resp.Failures {
		got = append(got, f.Property)
	}
	want := "addPreviousOutputInEnv,create,environment.A,interpreter,logging,triggers"
	if strings.Join(got, ",") != want {
		t.Errorf("failures on %v, want %s", got, want)
	}

	if _, err := p.Check(context.Background(), &pulumirpc.CheckRequest{Type: "command:remote:Command", News: toStruct(t, good)}); err == nil {
		t.Error("expected an error for an unknown resource type")
	}
}

func TestDiff(t *testing.T) {
	base := map[string]any{"create": "echo a", "environment": map[string]any{"K": "v"}, "triggers": []any{"t1"}}
	with := func(k string, v any) resource.PropertyMap {
		m := props(base)
		if v == nil {
			delete(m, resource.PropertyKey(k))
		} else {
			m[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
		return m
	}
	secretEnv := props(base)
	secretEnv["environment"] = resource.MakeSecret(secretEnv["environment"])
	unknownCreate := props(base)
	unknownCreate["create"] = resource.MakeComputed(resource.NewStringProperty(""))

	cases := []struct {
		name     string
		news     resource.PropertyMap
		changes  pulumirpc.DiffResponse_DiffChanges
		replaces []string
		kinds    map[string]pulumirpc.PropertyDiff_Kind
	}{
		{"no change", props(base), pulumirpc.DiffResponse_DIFF_NONE, nil, map[string]pulumirpc.PropertyDiff_Kind{}},
		{"only secretness changed", secretEnv, pulumirpc.DiffResponse_DIFF_NONE, nil, map[string]pulumirpc.PropertyDiff_Kind{}},
		{"create changed", with("create", "echo b"), pulumirpc.DiffResponse_DIFF_SOME, nil,
			map[string]pulumirpc.PropertyDiff_Kind{"create": pulumirpc.PropertyDiff_UPDATE}},
		{"create unknown", unknownCreate, pulumirpc.DiffResponse_DIFF_SOME, nil,
			map[string]pulumirpc.PropertyDiff_Kind{"create": pulumirpc.PropertyDiff_UPDATE}},
		{"update added", with("update", "echo u"), pulumirpc.DiffResponse_DIFF_SOME, nil,
			map[string]pulumirpc.PropertyDiff_Kind{"update": pulumirpc.PropertyDiff_ADD}},
		{"environment changed", with("environment", map[string]any{"K": "w"}), pulumirpc.DiffResponse_DIFF_SOME, nil,
			map[string]pulumirpc.PropertyDiff_Kind{"environment": pulumirpc.PropertyDiff_UPDATE}},
		{"dir added", with("dir", "/tmp"), pulumirpc.DiffResponse_DIFF_SOME, nil,
			map[string]pulumirpc.PropertyDiff_Kind{"dir": pulumirpc.PropertyDiff_ADD}},
		{"triggers changed", with("triggers", []any{"t2"}), pulumirpc.DiffResponse_DIFF_SOME, []string{"triggers"},
			map[string]pulumirpc.PropertyDiff_Kind{"triggers": pulumirpc.PropertyDiff_UPDATE_REPLACE}},
		{"triggers removed", with("triggers", nil), pulumirpc.DiffResponse_DIFF_SOME, []string{"triggers"},
			map[string]pulumirpc.PropertyDiff_Kind{"triggers": pulumirpc.PropertyDiff_DELETE_REPLACE}},
	}
	p := newTestProvider()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			olds := props(base)
			// The engine sends the old outputs as Olds and the old inputs as OldInputs.
			oldState := withOutputs(olds, resource.NewStringProperty("a"), resource.NewStringProperty(""), false)
			resp, err := p.Diff(context.Background(), &pulumirpc.DiffRequest{
				Id: "x", Urn: testURN, Type: commandToken,
				Olds: toStruct(t, oldState), OldInputs: toStruct(t, olds), News: toStruct(t, tc.news),
			})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Changes != tc.changes {
				t.Errorf("changes = %v, want %v", resp.Changes, tc.changes)
			}
			if strings.Join(resp.Replaces, ",") != strings.Join(tc.replaces, ",") {
				t.Errorf("replaces = %v, want %v", resp.Replaces, tc.replaces)
			}
			if len(resp.DetailedDiff) != len(tc.kinds) {
				t.Errorf("detailed diff = %v, want %v", resp.DetailedDiff, tc.kinds)
			}
			for k, kind := range tc.kinds {
				if d := resp.DetailedDiff[k]; d == nil || d.Kind != kind {
					t.Errorf("detailedDiff[%s] = %v, want %v", k, d, kind)
				}
			}
		})
	}

	// Without OldInputs (older engines) the outputs in Olds must not show up as deletions.
	resp, err := p.Diff(context.Background(), &pulumirpc.DiffRequest{
		Urn: testURN, Type: commandToken,
		Olds: toStruct(t, withOutputs(props(base), resource.NewStringProperty("a"), resource.NewStringProperty(""), false)),
		News: toStruct(t, props(base)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Errorf("changes without OldInputs = %v (%v)", resp.Changes, resp.DetailedDiff)
	}
}

func TestUpdateRunsUpdateWithPreviousOutput(t *testing.T) {
	p := newTestProvider()
	olds := withOutputs(props(map[string]any{"create": "echo one"}), resource.NewStringProperty("one"),
		resource.NewStringProperty(""), false)
	news := props(map[string]any{"create": "echo one", "update": `echo "was $PULUMI_COMMAND_STDOUT"`})
	resp, err := p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Id: "x", Urn: testURN, Type: commandToken, Olds: toStruct(t, olds), News: toStruct(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := str(t, fromStruct(t, resp.Properties)["stdout"]); got != "was one" {
		t.Errorf("stdout = %q", got)
	}

	// Without `update`, `create` runs again; addPreviousOutputInEnv=false hides the previous output.
	news = props(map[string]any{"create": `echo "again ${PULUMI_COMMAND_STDOUT-unset}"`, "addPreviousOutputInEnv": false})
	resp, err = p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Id: "x", Urn: testURN, Type: commandToken, Olds: toStruct(t, olds), News: toStruct(t, news),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := str(t, fromStruct(t, resp.Properties)["stdout"]); got != "again unset" {
		t.Errorf("stdout = %q", got)
	}
}

func TestDeleteRunsDeleteCommand(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "deleted")
	state := withOutputs(props(map[string]any{
		"create":      "echo created",
		"delete":      `printf '%s %s' "$PULUMI_COMMAND_STDOUT" "$EXTRA" > "$MARKER"`,
		"environment": map[string]any{"MARKER": marker, "EXTRA": "env"},
	}), resource.NewStringProperty("created"), resource.NewStringProperty(""), false)
	p := newTestProvider()
	if _, err := p.Delete(context.Background(), &pulumirpc.DeleteRequest{
		Id: "x", Urn: testURN, Type: commandToken, Properties: toStruct(t, state),
	}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(marker)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "created env" {
		t.Errorf("delete wrote %q", b)
	}

	// No delete command: nothing to do.
	if _, err := p.Delete(context.Background(), &pulumirpc.DeleteRequest{
		Id: "x", Urn: testURN, Type: commandToken, Properties: toStruct(t, props(map[string]any{"create": "true"})),
	}); err != nil {
		t.Fatal(err)
	}
}

func TestReadReturnsStateUnchanged(t *testing.T) {
	p := newTestProvider()
	state := withOutputs(props(map[string]any{"create": "echo a"}), resource.NewStringProperty("a"),
		resource.NewStringProperty(""), false)
	resp, err := p.Read(context.Background(), &pulumirpc.ReadRequest{
		Id: "x", Urn: testURN, Type: commandToken, Properties: toStruct(t, state),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Id != "x" || str(t, fromStruct(t, resp.Properties)["stdout"]) != "a" {
		t.Errorf("read = %v", resp)
	}
	if _, has := fromStruct(t, resp.Inputs)["stdout"]; has {
		t.Error("inputs derived from state should not contain stdout")
	}
}

func TestInvokeRun(t *testing.T) {
	p := newTestProvider()
	resp, err := p.Invoke(context.Background(), &pulumirpc.InvokeRequest{
		Tok:  runToken,
		Args: toStruct(t, props(map[string]any{"command": `echo "run $X"`, "environment": map[string]any{"X": "ok"}})),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := str(t, fromStruct(t, resp.Return)["stdout"]); got != "run ok" {
		t.Errorf("stdout = %q", got)
	}
	resp, err = p.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: runToken, Args: toStruct(t, props(map[string]any{}))})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Failures) != 1 || resp.Failures[0].Property != "command" {
		t.Errorf("failures = %v", resp.Failures)
	}
}

func TestPluginInfoSchemaAndConfigure(t *testing.T) {
	p := newTestProvider()
	info, err := p.GetPluginInfo(context.Background(), &emptypb.Empty{})
	if err != nil || info.Version != "1.2.1" {
		t.Errorf("plugin info = %v, %v", info, err)
	}
	sch, err := p.GetSchema(context.Background(), &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Name      string                    `json:"name"`
		Resources map[string]map[string]any `json:"resources"`
	}
	if err := json.Unmarshal([]byte(sch.Schema), &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.Name != "command" || parsed.Resources[commandToken] == nil {
		t.Errorf("schema = %s", sch.Schema)
	}
	conf, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{})
	if err != nil || !conf.AcceptSecrets || !conf.SupportsPreview {
		t.Errorf("configure = %v, %v", conf, err)
	}
}

func TestEngineAddress(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"127.0.0.1:1234"}, "127.0.0.1:1234"},
		{[]string{"--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:5"}, "127.0.0.1:5"},
		{nil, ""},
	} {
		if got := engineAddress(tc.args); got != tc.want {
			t.Errorf("engineAddress(%v) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
