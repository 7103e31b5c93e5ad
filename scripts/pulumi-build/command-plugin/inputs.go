package main

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Property names, as the @pulumi/command Node SDK sends and reads them (local/command.js, local/run.js).
const (
	keyAddPreviousOutputInEnv = "addPreviousOutputInEnv"
	keyArchivePaths           = "archivePaths"
	keyAssetPaths             = "assetPaths"
	keyCreate                 = "create"
	keyUpdate                 = "update"
	keyDelete                 = "delete"
	keyDir                    = "dir"
	keyEnvironment            = "environment"
	keyInterpreter            = "interpreter"
	keyLogging                = "logging"
	keyStdin                  = "stdin"
	keyTriggers               = "triggers"
	keyCommand                = "command" // command:local:run only

	keyStdout  = "stdout"
	keyStderr  = "stderr"
	keyArchive = "archive"
	keyAssets  = "assets"
)

// outputOnlyKeys are the properties the provider computes; they are never inputs.
var outputOnlyKeys = []resource.PropertyKey{keyStdout, keyStderr, keyArchive, keyAssets}

// Values of the `logging` input (enums.local.Logging).
const (
	loggingStdout          = "stdout"
	loggingStderr          = "stderr"
	loggingStdoutAndStderr = "stdoutAndStderr"
	loggingNone            = "none"
)

// commandInputs is the decoded, plain (secret-free) view of a Command's inputs, or of command:local:run's args.
type commandInputs struct {
	Create, Update, Delete string
	Command                string // command:local:run
	Dir                    string
	Environment            map[string]string
	Interpreter            []string
	Stdin                  *string
	AddPreviousOutputInEnv bool
	Logging                string
	AssetPaths             []string
	ArchivePaths           []string

	// HasSecrets is true when any input was a secret; the computed outputs are then made secret too.
	HasSecrets bool
}

// inputError describes one invalid property, in the shape of a pulumirpc.CheckFailure.
type inputError struct {
	Property, Reason string
}

func (e inputError) Error() string { return fmt.Sprintf("%s: %s", e.Property, e.Reason) }

// plain strips secret wrappers and known output values; ok is false if the value (or the outermost layer of it) is
// not known yet.
func plain(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsComputed():
			return v, false
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return v, false
			}
			v = o.Element
		default:
			return v, true
		}
	}
}

// stripSecrets returns a copy of v with every secret (and known output) wrapper removed, at any depth.
func stripSecrets(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsSecret():
		return stripSecrets(v.SecretValue().Element)
	case v.IsOutput() && v.OutputValue().Known:
		return stripSecrets(v.OutputValue().Element)
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]resource.PropertyValue, len(arr))
		for i, e := range arr {
			out[i] = stripSecrets(e)
		}
		return resource.NewArrayProperty(out)
	case v.IsObject():
		obj := v.ObjectValue()
		out := make(resource.PropertyMap, len(obj))
		for k, e := range obj {
			out[k] = stripSecrets(e)
		}
		return resource.NewObjectProperty(out)
	default:
		return v
	}
}

// parseInputs decodes and validates props. With allowUnknown (Check during a preview), values that are not known
// yet are skipped; otherwise an unknown value is an error. All problems are returned, not just the first.
func parseInputs(props resource.PropertyMap, allowUnknown bool) (commandInputs, []inputError) {
	in := commandInputs{AddPreviousOutputInEnv: true, Logging: loggingStdoutAndStderr}
	var errs []inputError
	fail := func(key, format string, args ...any) {
		errs = append(errs, inputError{Property: key, Reason: fmt.Sprintf(format, args...)})
	}
	in.HasSecrets = props.ContainsSecrets()

	// get returns the plain value for key; present is false when absent, null, or unknown-and-allowed.
	get := func(key string) (resource.PropertyValue, bool) {
		raw, has := props[resource.PropertyKey(key)]
		if !has || raw.IsNull() {
			return raw, false
		}
		v, known := plain(raw)
		if !known {
			if !allowUnknown {
				fail(key, "value is unknown")
			}
			return v, false
		}
		return v, true
	}
	str := func(key string, dst *string) bool {
		v, ok := get(key)
		if !ok {
			return false
		}
		if !v.IsString() {
			fail(key, "expected a string, got %s", v.TypeString())
			return false
		}
		*dst = v.StringValue()
		return true
	}
	strList := func(key string) []string {
		v, ok := get(key)
		if !ok {
			return nil
		}
		if !v.IsArray() {
			fail(key, "expected a list of strings, got %s", v.TypeString())
			return nil
		}
		out := []string{}
		for i, e := range v.ArrayValue() {
			pe, known := plain(e)
			switch {
			case !known:
				if !allowUnknown {
					fail(fmt.Sprintf("%s[%d]", key, i), "value is unknown")
				}
			case pe.IsString():
				out = append(out, pe.StringValue())
			default:
				fail(fmt.Sprintf("%s[%d]", key, i), "expected a string, got %s", pe.TypeString())
			}
		}
		return out
	}

	str(keyCreate, &in.Create)
	str(keyUpdate, &in.Update)
	str(keyDelete, &in.Delete)
	str(keyCommand, &in.Command)
	str(keyDir, &in.Dir)

	var stdin string
	if str(keyStdin, &stdin) {
		in.Stdin = &stdin
	}

	if str(keyLogging, &in.Logging) {
		switch in.Logging {
		case loggingStdout, loggingStderr, loggingStdoutAndStderr, loggingNone:
		default:
			fail(keyLogging, "expected one of %q, %q, %q, %q, got %q",
				loggingStdout, loggingStderr, loggingStdoutAndStderr, loggingNone, in.Logging)
			in.Logging = loggingStdoutAndStderr
		}
	}

	if v, ok := get(keyAddPreviousOutputInEnv); ok {
		if v.IsBool() {
			in.AddPreviousOutputInEnv = v.BoolValue()
		} else {
			fail(keyAddPreviousOutputInEnv, "expected a boolean, got %s", v.TypeString())
		}
	}

	if v, ok := get(keyEnvironment); ok {
		if !v.IsObject() {
			fail(keyEnvironment, "expected a map of strings, got %s", v.TypeString())
		} else {
			in.Environment = map[string]string{}
			for k, e := range v.ObjectValue() {
				pe, known := plain(e)
				switch {
				case !known:
					if !allowUnknown {
						fail(fmt.Sprintf("%s.%s", keyEnvironment, k), "value is unknown")
					}
				case pe.IsNull():
					// an undefined entry: leave the variable out
				case pe.IsString():
					in.Environment[string(k)] = pe.StringValue()
				default:
					fail(fmt.Sprintf("%s.%s", keyEnvironment, k), "expected a string, got %s", pe.TypeString())
				}
			}
		}
	}

	// A known, empty list is an error; nil means "not given" and selects the default interpreter.
	if in.Interpreter = strList(keyInterpreter); in.Interpreter != nil && len(in.Interpreter) == 0 {
		if v, _ := plain(props[keyInterpreter]); v.IsArray() && len(v.ArrayValue()) == 0 {
			fail(keyInterpreter, "must not be empty")
		}
	}
	in.AssetPaths = strList(keyAssetPaths)
	in.ArchivePaths = strList(keyArchivePaths)

	if v, ok := get(keyTriggers); ok && !v.IsArray() {
		fail(keyTriggers, "expected a list, got %s", v.TypeString())
	}

	sort.Slice(errs, func(i, j int) bool { return errs[i].Property < errs[j].Property })
	return in, errs
}

// sortedEnv returns environment entries as KEY=VALUE in a stable order.
func sortedEnv(env map[string]string) []string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, k+"="+env[k])
	}
	return out
}
