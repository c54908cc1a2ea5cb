// Package cliflag parses command lines whose flags may come before, between or after the
// positional arguments (`convert a.pdf -o out` as well as `convert -o out a.pdf`), as every
// budgetpdf command accepts them. The standard flag package stops at the first positional.
package cliflag

import "flag"

// Interleaved parses args with fs and returns the positional arguments in order. A `--`
// ends the flags: everything after it is positional, even words starting with `-`.
func Interleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil // fs.Parse consumed the `--`
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// HelpRequested reports whether a command's arguments ask for help (-h, -help, --help)
// before a `--` that ends the flags. Asked-for help is output, not a diagnostic: the
// commands print it on stdout and exit 0.
func HelpRequested(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
