package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

const (
	commandToken = "command:local:Command"
	runToken     = "command:local:run"
)

// Environment variables through which a command sees the previous run's outputs (addPreviousOutputInEnv).
const (
	envPreviousStdout = "PULUMI_COMMAND_STDOUT"
	envPreviousStderr = "PULUMI_COMMAND_STDERR"
)

// commandProvider implements pulumirpc.ResourceProviderServer for command:local:Command and command:local:run.
type commandProvider struct {
	pulumirpc.UnimplementedResourceProviderServer

	version string
	log     *engineLogger

	// stop is cancelled by the engine's Cancel call; every running command is then killed.
	stop    context.Context
	stopAll context.CancelFunc
}

func newProvider(version string, log *engineLogger) *commandProvider {
	stop, stopAll := context.WithCancel(context.Background())
	return &commandProvider{version: version, log: log, stop: stop, stopAll: stopAll}
}

// --- plumbing ---------------------------------------------------------------------------------------------------

func unmarshal(label string, s *structpb.Struct) (resource.PropertyMap, error) {
	props, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{
		Label:        label,
		KeepUnknowns: true,
		KeepSecrets:  true,
		SkipNulls:    true,
	})
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s: %v", label, err)
	}
	return props, nil
}

func marshal(label string, props resource.PropertyMap) (*structpb.Struct, error) {
	s, err := plugin.MarshalProperties(props, plugin.MarshalOptions{
		Label:        label,
		KeepUnknowns: true,
		KeepSecrets:  true,
	})
	if err != nil {
		return nil, status.Errorf(codes.Internal, "%s: %v", label, err)
	}
	return s, nil
}

func checkType(tok string) error {
	if tok != commandToken {
		return status.Errorf(codes.InvalidArgument, "unknown resource type %q: this provider implements only %s",
			tok, commandToken)
	}
	return nil
}

// resourceType returns the type token of a request: the Type field, or the type part of the URN for older engines.
func resourceType(typ, urn string) string {
	if typ != "" {
		return typ
	}
	if u, err := resource.ParseURN(urn); err == nil {
		return string(u.Type())
	}
	return ""
}

// opContext derives the context a command runs under: it ends when the gRPC call is abandoned, when the engine
// sends Cancel, or after timeoutSeconds (the resource's customTimeouts; 0 means none).
func (p *commandProvider) opContext(ctx context.Context, timeoutSeconds float64) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stopWatch := context.AfterFunc(p.stop, cancel)
	cancelTimeout := func() {}
	if timeoutSeconds > 0 {
		ctx, cancelTimeout = context.WithTimeout(ctx, time.Duration(timeoutSeconds*float64(time.Second)))
	}
	return ctx, func() {
		stopWatch()
		cancelTimeout()
		cancel()
	}
}

// lineLoggers returns the per-line callbacks that stream a command's output to the engine as ephemeral status
// messages, as the `logging` input asks. When any input is secret nothing is streamed (see README).
func (p *commandProvider) lineLoggers(urn string, in commandInputs) (stdout, stderr func(string)) {
	if p.log == nil || in.HasSecrets {
		return nil, nil
	}
	emit := func(line string) { p.log.log(pulumirpc.LogSeverity_INFO, urn, line, true) }
	switch in.Logging {
	case loggingStdout:
		return emit, nil
	case loggingStderr:
		return nil, emit
	case loggingNone:
		return nil, nil
	default:
		return emit, emit
	}
}

// warnUnsupported reports inputs that are accepted but have no effect in this implementation.
func (p *commandProvider) warnUnsupported(urn string, in commandInputs) {
	if p.log != nil && (len(in.AssetPaths) > 0 || len(in.ArchivePaths) > 0) {
		p.log.log(pulumirpc.LogSeverity_WARNING, urn,
			"assetPaths/archivePaths are not supported by this build of pulumi-resource-command "+
				"(see scripts/pulumi-build/command-plugin/README.md); the assets and archive outputs are not set", false)
	}
}

// withOutputs returns inputs plus the computed stdout/stderr. Input secrets stay secret; when any input is secret
// the outputs are secret as well, since they may well be derived from it.
func withOutputs(inputs resource.PropertyMap, stdout, stderr resource.PropertyValue, secret bool) resource.PropertyMap {
	out := inputs.Copy()
	for _, k := range outputOnlyKeys {
		delete(out, k)
	}
	if secret {
		if !stdout.IsComputed() {
			stdout = resource.MakeSecret(stdout)
		}
		if !stderr.IsComputed() {
			stderr = resource.MakeSecret(stderr)
		}
	}
	out[keyStdout] = stdout
	out[keyStderr] = stderr
	return out
}

func unknownString() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}

// previousOutputEnv returns env plus PULUMI_COMMAND_STDOUT/STDERR taken from the resource's previous state.
func previousOutputEnv(env map[string]string, state resource.PropertyMap) map[string]string {
	out := make(map[string]string, len(env)+2)
	for k, v := range env {
		out[k] = v
	}
	for key, name := range map[resource.PropertyKey]string{keyStdout: envPreviousStdout, keyStderr: envPreviousStderr} {
		if v, ok := plain(state[key]); ok && v.IsString() {
			out[name] = v.StringValue()
		}
	}
	return out
}

func newID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func inputErrorsToStatus(label string, errs []inputError) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return status.Errorf(codes.InvalidArgument, "%s: invalid inputs: %s", label, strings.Join(msgs, "; "))
}

// --- provider-level calls ---------------------------------------------------------------------------------------

func (p *commandProvider) Handshake(_ context.Context, req *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	p.log.setAddress(req.GetEngineAddress())
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true}, nil
}

func (p *commandProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: p.version}, nil
}

func (p *commandProvider) GetSchema(_ context.Context, req *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	if req.GetSubpackageName() != "" {
		return nil, status.Errorf(codes.InvalidArgument, "this provider is not parameterizable")
	}
	return &pulumirpc.GetSchemaResponse{Schema: schemaJSON(p.version)}, nil
}

func (p *commandProvider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *commandProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (p *commandProvider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true}, nil
}

func (p *commandProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	p.stopAll()
	return &emptypb.Empty{}, nil
}

// --- command:local:Command ----------------------------------------------------------------------------------------

func (p *commandProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	news, err := unmarshal("check.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	var failures []*pulumirpc.CheckFailure
	_, errs := parseInputs(news, true)
	for _, e := range errs {
		failures = append(failures, &pulumirpc.CheckFailure{Property: e.Property, Reason: e.Reason})
	}
	// Inputs are returned exactly as sent: no defaults are filled in, so diffs show what the program wrote.
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

// Diff compares the old inputs with the new ones, property by property:
//   - a change to `triggers` replaces the resource (create the new one, then delete the old one);
//   - a change to any other input is an in-place update (which re-runs `update`, or `create` if `update` is unset);
//   - a secret wrapper appearing or disappearing around an unchanged value is not a change;
//   - a value that is not known yet (preview) counts as a change.
func (p *commandProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	var olds resource.PropertyMap
	var err error
	if req.GetOldInputs() != nil {
		olds, err = unmarshal("diff.oldInputs", req.GetOldInputs())
	} else {
		olds, err = unmarshal("diff.olds", req.GetOlds())
		for _, k := range outputOnlyKeys {
			delete(olds, k)
		}
	}
	if err != nil {
		return nil, err
	}
	news, err := unmarshal("diff.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	return diffInputs(olds, news, req.GetIgnoreChanges()), nil
}

func diffInputs(olds, news resource.PropertyMap, ignoreChanges []string) *pulumirpc.DiffResponse {
	ignored := map[string]bool{}
	for _, k := range ignoreChanges {
		ignored[k] = true
	}
	keys := map[resource.PropertyKey]bool{}
	for k := range olds {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, string(k))
	}
	sort.Strings(sorted)

	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_NONE,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
		HasDetailedDiff: true,
	}
	for _, k := range sorted {
		if ignored[k] {
			continue
		}
		ov, hadOld := olds[resource.PropertyKey(k)]
		nv, hasNew := news[resource.PropertyKey(k)]
		hadOld = hadOld && !ov.IsNull()
		hasNew = hasNew && !nv.IsNull()

		var kind pulumirpc.PropertyDiff_Kind
		switch {
		case !hadOld && !hasNew:
			continue
		case !hadOld:
			kind = pulumirpc.PropertyDiff_ADD
		case !hasNew:
			kind = pulumirpc.PropertyDiff_DELETE
		case sameValue(ov, nv):
			continue
		default:
			kind = pulumirpc.PropertyDiff_UPDATE
		}
		if k == keyTriggers {
			kind += pulumirpc.PropertyDiff_ADD_REPLACE - pulumirpc.PropertyDiff_ADD // X -> X_REPLACE
			resp.Replaces = append(resp.Replaces, k)
		}
		resp.Diffs = append(resp.Diffs, k)
		resp.DetailedDiff[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
		resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return resp
}

// sameValue reports whether two known input values are equal, ignoring secretness. Unknown values never compare
// equal.
func sameValue(a, b resource.PropertyValue) bool {
	a, b = stripSecrets(a), stripSecrets(b)
	if a.ContainsUnknowns() || b.ContainsUnknowns() {
		return false
	}
	return a.DeepEquals(b)
}

// runStep runs one lifecycle script of a resource (create, update or delete) with the resource's interpreter,
// directory and stdin, the given environment, the engine's timeout, and its output streamed as the inputs allow.
func (p *commandProvider) runStep(ctx context.Context, timeoutSeconds float64, urn string, in commandInputs,
	script string, env map[string]string) (runResult, error) {
	ctx, done := p.opContext(ctx, timeoutSeconds)
	defer done()
	outLog, errLog := p.lineLoggers(urn, in)
	return runCommand(ctx, runSpec{
		Script:       script,
		Interpreter:  in.Interpreter,
		Dir:          in.Dir,
		Environment:  env,
		Stdin:        in.Stdin,
		OnStdoutLine: outLog,
		OnStderrLine: errLog,
	})
}

func (p *commandProvider) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	inputs, err := unmarshal("create.properties", req.GetProperties())
	if err != nil {
		return nil, err
	}
	in, errs := parseInputs(inputs, req.GetPreview())
	if len(errs) > 0 {
		return nil, inputErrorsToStatus("create", errs)
	}

	if req.GetPreview() {
		// Nothing runs during a preview; the outputs are not known yet.
		props, err := marshal("create.preview", withOutputs(inputs, unknownString(), unknownString(), false))
		if err != nil {
			return nil, err
		}
		return &pulumirpc.CreateResponse{Properties: props}, nil
	}

	id, err := newID()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "generating an id: %v", err)
	}
	p.warnUnsupported(req.GetUrn(), in)

	var res runResult
	if in.Create != "" {
		res, err = p.runStep(ctx, req.GetTimeout(), req.GetUrn(), in, in.Create, in.Environment)
		if err != nil {
			return nil, status.Errorf(codes.Unknown, "create: %v", err)
		}
	}

	props, err := marshal("create.outputs", withOutputs(inputs,
		resource.NewStringProperty(res.Stdout), resource.NewStringProperty(res.Stderr), in.HasSecrets))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Read returns the recorded state unchanged: a local command has no remote object to refresh from.
func (p *commandProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	inputs := req.GetInputs()
	if inputs == nil && req.GetProperties() != nil {
		props, err := unmarshal("read.properties", req.GetProperties())
		if err != nil {
			return nil, err
		}
		for _, k := range outputOnlyKeys {
			delete(props, k)
		}
		if inputs, err = marshal("read.inputs", props); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: inputs}, nil
}

// Update re-runs the command after an input change: `update` if set, otherwise `create`. With neither, the previous
// stdout/stderr are kept.
func (p *commandProvider) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	olds, err := unmarshal("update.olds", req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal("update.news", req.GetNews())
	if err != nil {
		return nil, err
	}
	in, errs := parseInputs(news, req.GetPreview())
	if len(errs) > 0 {
		return nil, inputErrorsToStatus("update", errs)
	}
	script := in.Update
	if script == "" {
		script = in.Create
	}

	var stdout, stderr resource.PropertyValue
	switch {
	case script == "":
		stdout, stderr = olds[keyStdout], olds[keyStderr]
		if stdout.IsNull() {
			stdout = resource.NewStringProperty("")
		}
		if stderr.IsNull() {
			stderr = resource.NewStringProperty("")
		}
		stdout, stderr = stripSecrets(stdout), stripSecrets(stderr)
	case req.GetPreview():
		stdout, stderr = unknownString(), unknownString()
	default:
		p.warnUnsupported(req.GetUrn(), in)
		env := in.Environment
		if in.AddPreviousOutputInEnv {
			env = previousOutputEnv(env, olds)
		}
		res, err := p.runStep(ctx, req.GetTimeout(), req.GetUrn(), in, script, env)
		if err != nil {
			return nil, status.Errorf(codes.Unknown, "update: %v", err)
		}
		stdout, stderr = resource.NewStringProperty(res.Stdout), resource.NewStringProperty(res.Stderr)
	}

	props, err := marshal("update.outputs", withOutputs(news, stdout, stderr, in.HasSecrets))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Delete runs `delete`, if set, with the inputs recorded in the state. Without it, deleting only forgets the
// resource.
func (p *commandProvider) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	if err := checkType(resourceType(req.GetType(), req.GetUrn())); err != nil {
		return nil, err
	}
	state, err := unmarshal("delete.properties", req.GetProperties())
	if err != nil {
		return nil, err
	}
	in, errs := parseInputs(state, false)
	if len(errs) > 0 {
		return nil, inputErrorsToStatus("delete", errs)
	}
	if in.Delete == "" {
		return &emptypb.Empty{}, nil
	}
	env := in.Environment
	if in.AddPreviousOutputInEnv {
		env = previousOutputEnv(env, state)
	}
	if _, err := p.runStep(ctx, req.GetTimeout(), req.GetUrn(), in, in.Delete, env); err != nil {
		return nil, status.Errorf(codes.Unknown, "delete: %v", err)
	}
	return &emptypb.Empty{}, nil
}

// --- command:local:run ----------------------------------------------------------------------------------------------

// Invoke implements the command:local:run function: it runs `command` every time it is called (previews included,
// as the engine only invokes with known arguments) and returns the arguments plus stdout and stderr.
func (p *commandProvider) Invoke(ctx context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	if req.GetTok() != runToken {
		return nil, status.Errorf(codes.InvalidArgument, "unknown function %q: this provider implements only %s",
			req.GetTok(), runToken)
	}
	args, err := unmarshal("invoke.args", req.GetArgs())
	if err != nil {
		return nil, err
	}
	in, errs := parseInputs(args, false)
	if in.Command == "" && len(errs) == 0 {
		errs = append(errs, inputError{Property: keyCommand, Reason: "missing required property"})
	}
	if len(errs) > 0 {
		failures := make([]*pulumirpc.CheckFailure, len(errs))
		for i, e := range errs {
			failures[i] = &pulumirpc.CheckFailure{Property: e.Property, Reason: e.Reason}
		}
		return &pulumirpc.InvokeResponse{Failures: failures}, nil
	}
	ctx, done := p.opContext(ctx, 0)
	defer done()
	res, err := runCommand(ctx, runSpec{
		Script:      in.Command,
		Interpreter: in.Interpreter,
		Dir:         in.Dir,
		Environment: in.Environment,
		Stdin:       in.Stdin,
	})
	if err != nil {
		return nil, status.Errorf(codes.Unknown, "%s: %v", runToken, err)
	}
	ret, err := marshal("invoke.return", withOutputs(args,
		resource.NewStringProperty(res.Stdout), resource.NewStringProperty(res.Stderr), in.HasSecrets))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: ret}, nil
}
