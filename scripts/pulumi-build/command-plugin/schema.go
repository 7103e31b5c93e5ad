package main

import "encoding/json"

// schemaJSON returns a minimal Pulumi package schema describing what this provider implements. It exists so that
// GetSchema gives an accurate answer; the Node SDK does not need it at run time.
func schemaJSON(version string) string {
	str := map[string]any{"type": "string"}
	strList := map[string]any{"type": "array", "items": str}
	inputs := map[string]any{
		"addPreviousOutputInEnv": map[string]any{"type": "boolean"},
		"archivePaths":           strList,
		"assetPaths":             strList,
		"dir":                    str,
		"environment":            map[string]any{"type": "object", "additionalProperties": str},
		"interpreter":            strList,
		"logging":                map[string]any{"$ref": "#/types/command:local:Logging"},
		"stdin":                  str,
	}
	commandInputs := map[string]any{
		"create":   str,
		"update":   str,
		"delete":   str,
		"triggers": map[string]any{"type": "array", "items": map[string]any{"$ref": "pulumi.json#/Any"}, "replaceOnChanges": true},
	}
	for k, v := range inputs {
		commandInputs[k] = v
	}
	commandOutputs := map[string]any{"stdout": str, "stderr": str}
	for k, v := range commandInputs {
		commandOutputs[k] = v
	}
	runInputs := map[string]any{"command": str}
	for k, v := range inputs {
		runInputs[k] = v
	}
	runOutputs := map[string]any{"stdout": str, "stderr": str}
	for k, v := range runInputs {
		runOutputs[k] = v
	}

	schema := map[string]any{
		"name":        "command",
		"version":     version,
		"description": "Local subset of the Pulumi Command provider (pulumi-logicmonitor-apitoken command-plugin)",
		"types": map[string]any{
			"command:local:Logging": map[string]any{
				"type": "string",
				"enum": []any{
					map[string]any{"value": "stdout"},
					map[string]any{"value": "stderr"},
					map[string]any{"value": "stdoutAndStderr"},
					map[string]any{"value": "none"},
				},
			},
		},
		"resources": map[string]any{
			commandToken: map[string]any{
				"description":     "A local command to be executed.",
				"inputProperties": commandInputs,
				"properties":      commandOutputs,
				"required":        []string{"stdout", "stderr"},
			},
		},
		"functions": map[string]any{
			runToken: map[string]any{
				"description": "Run a local command on every program run.",
				"inputs":      map[string]any{"properties": runInputs, "required": []string{"command"}},
				"outputs": map[string]any{
					"properties": runOutputs,
					"required":   []string{"command", "stdout", "stderr"},
				},
			},
		},
	}
	b, err := json.Marshal(schema)
	if err != nil {
		panic(err) // static data; cannot fail
	}
	return string(b)
}
