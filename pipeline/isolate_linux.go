package pipeline

import (
	"os"
	"syscall"
)

// childSysProcAttr: the child leads its own process group (a terminal's Ctrl-C reaches the
// parent only, which decides; kill takes any grandchild too) and dies with the parent.
func childSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killChild(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}
