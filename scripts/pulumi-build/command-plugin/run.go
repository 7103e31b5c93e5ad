package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"
)

// defaultInterpreter matches the documented default of local.Command's `interpreter`.
func defaultInterpreter() []string {
	if runtime.GOOS == "windows" {
		return []string{"cmd", "/C"}
	}
	return []string{"/bin/sh", "-c"}
}

// How much of stderr (or stdout, when stderr is empty) a failure message quotes.
const (
	errorTailLines = 20
	errorTailBytes = 2048
)

// waitDelay bounds how long a cancelled command's output pipes are waited on after the process is killed (a
// grandchild may hold them open).
const waitDelay = 5 * time.Second

// runSpec is one command execution.
type runSpec struct {
	Script      string
	Interpreter []string
	Dir         string
	Environment map[string]string // added to (and overriding) the inherited environment
	Stdin       *string
	// OnStdoutLine/OnStderrLine, if set, receive each complete output line as it is produced (for logging).
	OnStdoutLine, OnStderrLine func(string)
}

// runResult is what a finished command produced. Stdout and Stderr have one trailing newline removed.
type runResult struct {
	Stdout, Stderr string
}

// runCommand runs spec.Script with the interpreter, inheriting the plugin's environment plus spec.Environment. It
// returns an error, quoting the exit code and the tail of stderr, if the command cannot start or exits non-zero.
// Cancelling ctx kills the command (its whole process group on Unix).
func runCommand(ctx context.Context, spec runSpec) (runResult, error) {
	interp := spec.Interpreter
	if len(interp) == 0 {
		interp = defaultInterpreter()
	}
	argv := append(append([]string{}, interp...), spec.Script)

	if spec.Dir != "" {
		st, err := os.Stat(spec.Dir)
		if err != nil {
			return runResult{}, fmt.Errorf("dir %q: %w", spec.Dir, err)
		}
		if !st.IsDir() {
			return runResult{}, fmt.Errorf("dir %q is not a directory", spec.Dir)
		}
	}

	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = spec.Dir
	cmd.Env = append(os.Environ(), sortedEnv(spec.Environment)...)
	if spec.Stdin != nil {
		cmd.Stdin = strings.NewReader(*spec.Stdin)
	}
	stdout := &lineWriter{onLine: spec.OnStdoutLine}
	stderr := &lineWriter{onLine: spec.OnStderrLine}
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	configureProcess(cmd) // process group + kill-the-group on cancel (Unix)
	cmd.WaitDelay = waitDelay

	err := cmd.Run()
	stdout.flush()
	stderr.flush()
	res := runResult{
		Stdout: strings.TrimSuffix(stdout.String(), "\n"),
		Stderr: strings.TrimSuffix(stderr.String(), "\n"),
	}
	if err == nil {
		return res, nil
	}

	if ctxErr := ctx.Err(); ctxErr != nil {
		reason := "was cancelled and killed"
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			reason = "timed out and was killed"
		}
		return res, fmt.Errorf("command %s%s", reason, quoteTail(res))
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return res, fmt.Errorf("command exited with code %d%s", exitErr.ExitCode(), quoteTail(res))
	}
	return res, fmt.Errorf("command could not be run (interpreter %q): %w", interp[0], err)
}

// quoteTail formats the last lines of stderr (or of stdout, if stderr is empty) for an error message.
func quoteTail(res runResult) string {
	name, text := "stderr", res.Stderr
	if strings.TrimSpace(text) == "" {
		name, text = "stdout", res.Stdout
	}
	if strings.TrimSpace(text) == "" {
		return ""
	}
	truncated := false
	lines := strings.Split(text, "\n")
	if len(lines) > errorTailLines {
		lines = lines[len(lines)-errorTailLines:]
		truncated = true
	}
	text = strings.Join(lines, "\n")
	if len(text) > errorTailBytes {
		text = text[len(text)-errorTailBytes:]
		truncated = true
	}
	if truncated {
		return fmt.Sprintf("; last part of %s:\n...%s", name, text)
	}
	return fmt.Sprintf("; %s:\n%s", name, text)
}

// lineWriter captures everything written to it and hands each complete line to onLine.
type lineWriter struct {
	mu      sync.Mutex
	all     bytes.Buffer
	pending []byte
	onLine  func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all.Write(p)
	if w.onLine == nil {
		return len(p), nil
	}
	w.pending = append(w.pending, p...)
	for {
		i := bytes.IndexByte(w.pending, '\n')
		if i < 0 {
			break
		}
		w.onLine(strings.TrimSuffix(string(w.pending[:i]), "\r"))
		w.pending = w.pending[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.onLine != nil && len(w.pending) > 0 {
		w.onLine(string(w.pending))
	}
	w.pending = nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}
