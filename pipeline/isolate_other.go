//go:build !linux

package pipeline

import (
	"os"
	"syscall"
)

// childSysProcAttr: no process group or parent-death signal outside Linux (and no /proc
// for the memory watchdog: only the deadline applies there).
func childSysProcAttr() *syscall.SysProcAttr { return nil }

func killChild(p *os.Process) { p.Kill() }
