package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
)

// Version is stamped by the build (-ldflags "-X main.Version=..."); it is part of the
// --resume key, so a new tool version reconverts documents.
var Version = "dev"

func init() {
	commands["version"] = command{"print the tool version (also budgetpdf --version)", func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintln(stderr, "usage: budgetpdf version (or budgetpdf --version): prints the tool version")
			if cliflag.HelpRequested(args) {
				return exitOK
			}
			return exitUsage
		}
		fmt.Fprintln(stdout, toolVersion())
		return exitOK
	}}
}

// toolVersion is Version, or the VCS revision the binary was built from.
func toolVersion() string {
	if Version != "dev" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return Version
}
