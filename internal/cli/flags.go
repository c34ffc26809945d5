// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// command is one subcommand: its flags and what it does.
type command struct {
	name       string
	args       string // the positional arguments, for the usage line
	summary    string
	flags      *flag.FlagSet
	secrets    map[string]bool // flags that may also come from ENSEMBLE_*_FILE
	positional []string        // the arguments that are not flags, in order
	run        func(env *environment, args []string) int
}

// envName is the environment variable that sets a flag: ENSEMBLE_ and the
// flag's name in upper case, dashes as underscores.
func envName(flagName string) string {
	return "ENSEMBLE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse parses args, then fills each flag not given on the command line from
// its environment variable, or for secrets from the file its _FILE variable
// names.
func (c *command) parse(args []string, getenv func(string) string) error {
	c.flags.SetOutput(io.Discard)
	// Flags may come before or after positional arguments
	// ("migrate status --data d" as well as "migrate --data d status").
	for {
		if err := c.flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &usageError{strings.Replace(err.Error(), " -", " --", 1)}
		}
		args = c.flags.Args()
		if len(args) == 0 || args[0] == "--" {
			break
		}
		c.positional = append(c.positional, args[0])
		args = args[1:]
	}
	if len(args) > 0 {
		c.positional = append(c.positional, args[1:]...)
	}
	set := map[string]bool{}
	c.flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	c.flags.VisitAll(func(f *flag.Flag) {
		if err != nil || set[f.Name] {
			return
		}
		name := envName(f.Name)
		value, ok := getenv(name), getenv(name) != ""
		if !ok && c.secrets[f.Name] {
			if path := getenv(name + "_FILE"); path != "" {
				b, rerr := os.ReadFile(path)
				if rerr != nil {
					err = &usageError{fmt.Sprintf("cannot read %s_FILE for --%s: %v", name, f.Name, rerr)}
					return
				}
				value, ok, name = strings.TrimRight(string(b), "\r\n"), true, name+"_FILE"
			}
		}
		if !ok {
			return
		}
		if serr := f.Value.Set(value); serr != nil {
			err = &usageError{fmt.Sprintf("invalid value %q for %s (--%s): %v", value, name, f.Name, serr)}
		}
	})
	return err
}

// usage writes the command's usage and flags, with their environment
// variables and defaults.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: ensemble %s [flags]%s\n\n%s\n", c.name, c.args, c.summary)
	var names []string
	c.flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nFlags (each also read from the environment variable shown):\n")
	for _, n := range names {
		f := c.flags.Lookup(n)
		env := envName(n)
		if c.secrets[n] {
			env += " or " + env + "_FILE"
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s\n        %s%s\n        [%s]\n", n, f.Usage, def, env)
	}
}

// byteSize is a flag value for a size in bytes, written as a number with an
// optional unit: 1048576, 512KiB, 32MiB, 1GiB, 10MB.
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.TrimSpace(s[i:])
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return errors.New("expected a size such as 1048576, 512KiB, 32MiB or 1GiB")
	}
	mult := map[string]int64{"": 1, "B": 1, "KB": 1e3, "KiB": 1 << 10, "MB": 1e6, "MiB": 1 << 20, "GB": 1e9, "GiB": 1 << 30}[unit]
	if mult == 0 {
		return fmt.Errorf("unknown unit %q: expected B, KB, KiB, MB, MiB, GB or GiB", unit)
	}
	*b = byteSize(n * mult)
	return nil
}

// oneOf is a flag value restricted to a list of words.
type oneOf struct {
	value   *string
	allowed []string
}

func (o oneOf) String() string {
	if o.value == nil {
		return ""
	}
	return *o.value
}

func (o oneOf) Set(s string) error {
	for _, a := range o.allowed {
		if s == a {
			*o.value = s
			return nil
		}
	}
	return fmt.Errorf("expected %s", strings.Join(o.allowed, " or "))
}
