//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// configureProcess starts the command in its own process group so that cancellation kills the interpreter and
// everything it started, not just the interpreter.
func configureProcess(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
