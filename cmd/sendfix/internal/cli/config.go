package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	ucli "github.com/urfave/cli/v2"

	"sendfix/rewrite"
	"sendfix/transforms"
)

// configName is the configuration file sendfix reads from the root of the
// repository (the git work tree holding the working directory, else the
// working directory itself).
const configName = "sendfix.toml"

// fileConfig is sendfix.toml. Every key is optional; a key given on the
// command line as a flag is overridden by the flag.
//
//	enable          = ["scope-guard"]      # --only: run only these transforms
//	disable         = ["send-bound"]       # --skip: never run these
//	strategy        = "auto"               # --strategy: auto | scope | async-mutex
//	exclude         = ["vendor/**"]        # --exclude: globs of paths to skip
//	all             = false                # --all: also futures that need not be Send
//	send-spawners   = ["my_rt::spawn_detached"]  # futures given to these must be Send
//	local-executors = ["my_rt::run_here"]        # futures given to these need not be
//	non-send-types  = ["SpanGuard"]              # values of these types are not Send
type fileConfig struct {
	Enable         []string `toml:"enable"`
	Disable        []string `toml:"disable"`
	Strategy       string   `toml:"strategy"`
	Exclude        []string `toml:"exclude"`
	All            bool     `toml:"all"`
	SendSpawners   []string `toml:"send-spawners"`
	LocalExecutors []string `toml:"local-executors"`
	NonSendTypes   []string `toml:"non-send-types"`

	path    string // where it was read from; "" when there is none
	defined map[string]bool
}

// configKeys are the keys of sendfix.toml, for the unknown-key error.
var configKeys = []string{"enable", "disable", "strategy", "exclude", "all", "send-spawners", "local-executors", "non-send-types"}

// strategies are the values of --strategy / strategy.
var strategies = []string{"auto", "scope", "async-mutex"}

// configFlags are the flags that belong to sendfix.toml.
func configFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.StringFlag{Name: "config", Usage: "read this configuration file instead of sendfix.toml at the repository root"},
		&ucli.BoolFlag{Name: "no-config", Usage: "ignore sendfix.toml"},
	}
}

// configPath returns the configuration file to read, or "" for none.
func configPath(c *ucli.Context) (string, bool, error) {
	if c.Bool("no-config") {
		return "", false, nil
	}
	if p := c.String("config"); p != "" {
		return p, true, nil
	}
	root, err := os.Getwd()
	if err != nil {
		return "", false, err
	}
	if out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err == nil {
		if top := strings.TrimSpace(string(out)); top != "" {
			root = top
		}
	}
	return filepath.Join(root, configName), false, nil
}

// loadConfig reads sendfix.toml (see fileConfig). A missing file at the
// repository root is no configuration; a missing --config file, a syntax
// error, a value of the wrong type, an unknown key or an unknown
// transform name is an error naming the file and the key.
func loadConfig(c *ucli.Context) (*fileConfig, error) {
	path, explicit, err := configPath(c)
	if err != nil || path == "" {
		return &fileConfig{}, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !explicit {
			return &fileConfig{}, nil
		}
		return nil, usageError("%s: %v", path, unwrapPath(err))
	}
	name := displayConfig(path)
	fc := &fileConfig{path: path, defined: map[string]bool{}}
	md, err := toml.Decode(string(data), fc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, usageError("%s:%d: %s", name, pe.Position.Line, pe.Message)
		}
		return nil, usageError("%s: %s", name, strings.TrimPrefix(err.Error(), "toml: "))
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return nil, usageError("%s: unknown key %q (known keys: %s)", name, keys[0], strings.Join(configKeys, ", "))
	}
	for _, k := range configKeys {
		if md.IsDefined(k) {
			fc.defined[k] = true
		}
	}
	known := map[string]bool{}
	var names []string
	for _, t := range transforms.All() {
		known[t.Name] = true
		names = append(names, t.Name)
	}
	for key, list := range map[string][]string{"enable": fc.Enable, "disable": fc.Disable} {
		for _, n := range list {
			if !known[n] {
				return nil, usageError("%s: %s: unknown transform %q (known: %s)", name, key, n, strings.Join(names, ", "))
			}
		}
	}
	if fc.defined["strategy"] && !contains(strategies, fc.Strategy) {
		return nil, usageError("%s: strategy: want %s, not %q", name, strings.Join(strategies, ", "), fc.Strategy)
	}
	for key, list := range map[string][]string{"send-spawners": fc.SendSpawners, "local-executors": fc.LocalExecutors, "non-send-types": fc.NonSendTypes, "exclude": fc.Exclude} {
		for _, n := range list {
			if strings.TrimSpace(n) == "" {
				return nil, usageError("%s: %s: empty name", name, key)
			}
		}
	}
	return fc, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// displayConfig names the file relative to the working directory when it
// is below it.
func displayConfig(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// hasFlag reports whether the command defines a flag.
func hasFlag(c *ucli.Context, name string) bool {
	if c.Command == nil {
		return false
	}
	for _, f := range c.Command.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// applyToFlags gives every flag the user did not set on the command line
// its value from the file: flags override the file, key by key.
func (fc *fileConfig) applyToFlags(c *ucli.Context) error {
	set := func(flag string, values ...string) error {
		if !hasFlag(c, flag) || c.IsSet(flag) {
			return nil
		}
		for _, v := range values {
			if err := c.Set(flag, v); err != nil {
				return usageError("%s: %s: %v", displayConfig(fc.path), flag, err)
			}
		}
		return nil
	}
	var errs []error
	if fc.defined["enable"] {
		errs = append(errs, set("only", strings.Join(fc.Enable, ",")))
	}
	if fc.defined["disable"] {
		errs = append(errs, set("skip", strings.Join(fc.Disable, ",")))
	}
	if fc.defined["exclude"] {
		errs = append(errs, set("exclude", fc.Exclude...))
	}
	if fc.defined["all"] && fc.All {
		errs = append(errs, set("all", "true"))
	}
	if fc.defined["strategy"] {
		if hasFlag(c, "strategy") {
			errs = append(errs, set("strategy", fc.Strategy))
		} else if fc.Strategy != "auto" {
			// No pass offers a choice yet: auto is what sendfix does.
			return usageError("%s: strategy %q: this sendfix has no --strategy yet (only \"auto\")", displayConfig(fc.path), fc.Strategy)
		}
	}
	return errors.Join(errs...)
}

// analysis returns the file's extensions of the Send analysis, or nil.
func (fc *fileConfig) analysis() *rewrite.Analysis {
	a := &rewrite.Analysis{SendSpawners: fc.SendSpawners, LocalExecutors: fc.LocalExecutors, NonSendTypes: fc.NonSendTypes}
	if a.Empty() {
		return nil
	}
	return a
}

// configure is config with sendfix.toml: the file fills in the flags the
// command line left unset, then the flags become the engine's
// configuration, with the file's analysis extensions.
func (e *runEnv) configure(c *ucli.Context) (rewrite.Config, error) {
	fc, err := loadConfig(c)
	if err != nil {
		return rewrite.Config{}, err
	}
	if err := fc.applyToFlags(c); err != nil {
		return rewrite.Config{}, err
	}
	cfg, err := e.config(c)
	if err != nil {
		return cfg, err
	}
	if a := fc.analysis(); a != nil {
		cfg.Analysis = a
		cfg.Transforms = a.WithPrefilters(cfg.Transforms)
	}
	e.bots.cfg = cfg
	e.startProgress(c, &cfg)
	return cfg, nil
}
