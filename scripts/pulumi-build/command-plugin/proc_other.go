//go:build !unix

package main

import "os/exec"

// configureProcess keeps exec.CommandContext's default: cancellation kills the interpreter process only.
func configureProcess(cmd *exec.Cmd) {}
