package rewrite

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// editionCache answers "which Rust edition is this file?" from the nearest
// Cargo.toml, following `edition.workspace = true` to the workspace root.
// The edition decides temporary lifetimes (2024 shortens `if let` and tail
// expression temporaries).
type editionCache struct {
	override string
	mu       sync.Mutex
	byDir    map[string]string
}

func newEditionCache(override string) *editionCache {
	return &editionCache{override: override, byDir: map[string]string{}}
}

func (c *editionCache) forFile(file string) string {
	if c.override != "" {
		return c.override
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.forDir(filepath.Dir(file))
}

func (c *editionCache) forDir(dir string) string {
	if e, ok := c.byDir[dir]; ok {
		return e
	}
	e := "2021" // no Cargo.toml: assume a current edition
	if m, ok := readManifest(filepath.Join(dir, "Cargo.toml")); ok && m.isPackage {
		switch {
		case m.workspaceEdition:
			e = c.workspaceEdition(filepath.Dir(dir))
		case m.edition != "":
			e = m.edition
		default:
			e = "2015" // Cargo's default when a package names no edition
		}
	} else if parent := filepath.Dir(dir); parent != dir {
		e = c.forDir(parent)
	}
	c.byDir[dir] = e
	return e
}

func (c *editionCache) workspaceEdition(dir string) string {
	for {
		if m, ok := readManifest(filepath.Join(dir, "Cargo.toml")); ok && m.workspacePackageEdition != "" {
			return m.workspacePackageEdition
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "2021"
		}
		dir = parent
	}
}

type manifest struct {
	isPackage               bool
	edition                 string
	workspaceEdition        bool
	workspacePackageEdition string
}

// readManifest reads the few Cargo.toml keys sendfix needs. A full TOML
// parser is not needed for `edition`, which is always a plain string.
func readManifest(path string) (manifest, bool) {
	f, err := os.Open(path)
	if err != nil {
		return manifest{}, false
	}
	defer f.Close()
	var m manifest
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		line = stripTOMLComment(line)
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			if section == "package" {
				m.isPackage = true
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(value), `"'`)
		switch {
		case section == "package" && key == "edition" && strings.Contains(value, "workspace"):
			m.workspaceEdition = true // edition = { workspace = true }
		case section == "package" && key == "edition":
			m.edition = value
		case section == "package" && key == "edition.workspace" && value == "true":
			m.workspaceEdition = true
		case section == "workspace.package" && key == "edition":
			m.workspacePackageEdition = value
		}
	}
	return m, true
}

// stripTOMLComment cuts a `#` comment that is not inside a quoted string.
func stripTOMLComment(line string) string {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return strings.TrimSpace(line[:i])
		}
	}
	return line
}
