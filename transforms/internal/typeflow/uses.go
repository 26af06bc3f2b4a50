package typeflow

import (
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// Imports are edited, not duplicated: `use std::rc::Rc;` whose Rc is no
// longer used becomes `use std::sync::Arc;`, a name is merged into an
// existing `use std::sync::{..}` list, and a list that loses its last
// item goes away. A use declaration on one line is re-rendered whole; in
// a multi-line one, only the items that change are touched.

// useNode is one node of a use tree.
type useNode struct {
	n       *ast.Node
	kind    string // "leaf", "list", "glob"
	path    string // leaf: its path; list: the path before `::{`
	alias   string
	full    string // leaf: the full path; list: the full prefix
	items   []*useNode
	list    *ast.Node // list: the use_list node
	removed bool
	adds    []string // list: relative paths to add
	decl    *ast.Node
}

func (u *useNode) empty() bool {
	if u.kind != "list" {
		return u.removed
	}
	if u.removed {
		return true
	}
	if len(u.adds) > 0 {
		return false
	}
	for _, it := range u.items {
		if !it.empty() {
			return false
		}
	}
	return true
}

func (u *useNode) modified() bool {
	if u.removed || len(u.adds) > 0 {
		return true
	}
	for _, it := range u.items {
		if it.modified() {
			return true
		}
	}
	return false
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "::" + b
}

func parseUse(n *ast.Node, prefix string, src []byte, decl *ast.Node) *useNode {
	switch n.Kind {
	case "identifier", "scoped_identifier", "crate", "super", "self":
		p := compact(n.Text(src))
		return &useNode{n: n, kind: "leaf", path: p, full: joinPath(prefix, p), decl: decl}
	case "use_as_clause":
		p := compact(text(n.Child("path"), src))
		return &useNode{n: n, kind: "leaf", path: p, alias: text(n.Child("alias"), src), full: joinPath(prefix, p), decl: decl}
	case "scoped_use_list", "use_list":
		u := &useNode{n: n, kind: "list", decl: decl}
		list := n
		if n.Kind == "scoped_use_list" {
			u.path = compact(text(n.Child("path"), src))
			list = n.Child("list")
		}
		u.full = joinPath(prefix, u.path)
		u.list = list
		if list != nil {
			for _, c := range list.NamedChildren() {
				if c.Kind == "line_comment" || c.Kind == "block_comment" {
					continue
				}
				u.items = append(u.items, parseUse(c, u.full, src, decl))
			}
		}
		return u
	}
	return &useNode{n: n, kind: "glob", path: compact(n.Text(src)), decl: decl}
}

func (u *useNode) render() string {
	switch u.kind {
	case "leaf":
		if u.alias != "" {
			return u.path + " as " + u.alias
		}
		return u.path
	case "list":
		var parts []string
		for _, it := range u.items {
			if !it.empty() {
				parts = append(parts, it.render())
			}
		}
		parts = mergeSorted(parts, u.adds)
		if len(parts) == 1 && parts[0] != "self" {
			return joinPath(u.path, parts[0])
		}
		return joinPath(u.path, "{"+strings.Join(parts, ", ")+"}")
	}
	return u.path
}

// mergeSorted inserts adds into parts, each before the first item that
// sorts after it (the list keeps its order when it was sorted).
func mergeSorted(parts, adds []string) []string {
	out := append([]string(nil), parts...)
	for _, a := range adds {
		i := sort.Search(len(out), func(i int) bool { return useLess(a, out[i]) })
		out = append(out[:i], append([]string{a}, out[i:]...)...)
	}
	return out
}

// useLess orders use items the way rustfmt does: self first, then by
// name, case-sensitively.
func useLess(a, b string) bool {
	if a == "self" {
		return b != "self"
	}
	if b == "self" {
		return false
	}
	return a < b
}

// ImportPlan collects the import changes of one file.
type ImportPlan struct {
	f      *File
	decls  []*useNode // top-level use declarations' trees
	remove map[string]bool
	add    []string
}

// NewImportPlan starts an empty plan for f.
func (f *File) NewImportPlan() *ImportPlan {
	pl := &ImportPlan{f: f, remove: map[string]bool{}}
	for _, d := range f.Root.Uses {
		if d.Parent == nil || d.Parent.Kind != "source_file" {
			continue
		}
		if arg := d.Child("argument"); arg != nil {
			pl.decls = append(pl.decls, parseUse(arg, "", f.Src, d))
		}
	}
	return pl
}

// Remove drops the import of a full path ("std::rc::Rc"), wherever it is.
func (pl *ImportPlan) Remove(full string) { pl.remove[full] = true }

// Add imports a full path ("std::sync::Arc") unless it already is.
func (pl *ImportPlan) Add(full string) {
	for _, a := range pl.add {
		if a == full {
			return
		}
	}
	pl.add = append(pl.add, full)
}

// Empty reports whether the plan changes nothing.
func (pl *ImportPlan) Empty() bool { return len(pl.remove) == 0 && len(pl.add) == 0 }

func (pl *ImportPlan) walk(fn func(u, parent *useNode)) {
	var visit func(u, parent *useNode)
	visit = func(u, parent *useNode) {
		fn(u, parent)
		for _, it := range u.items {
			visit(it, u)
		}
	}
	for _, d := range pl.decls {
		visit(d, nil)
	}
}

// Imported reports whether full is imported under its own name by a
// top-level use (or a glob of its module).
func (f *File) Imported(full string) bool {
	name := lastSeg(full)
	if f.Root.Imports[name] == full {
		return true
	}
	mod := strings.TrimSuffix(full, "::"+name)
	for _, g := range f.Root.Globs {
		if g == mod {
			return true
		}
	}
	return false
}

// Edits returns the edits of the plan.
func (pl *ImportPlan) Edits() []rewrite.Edit {
	src := pl.f.Src
	pl.walk(func(u, _ *useNode) {
		if u.kind == "leaf" && pl.remove[u.full] {
			u.removed = true
		}
	})
	var newDecls []string // full paths to import in a new declaration
	byPrefix := map[string][]string{}
	var prefixes []string
	for _, full := range pl.add {
		if pl.f.Imported(full) && !pl.remove[full] {
			continue
		}
		name := lastSeg(full)
		prefix := strings.TrimSuffix(full, "::"+name)
		if _, ok := byPrefix[prefix]; !ok {
			prefixes = append(prefixes, prefix)
		}
		byPrefix[prefix] = append(byPrefix[prefix], name)
	}
	for _, prefix := range prefixes {
		names := byPrefix[prefix]
		sort.Strings(names)
		if pl.addToList(prefix, names) {
			continue
		}
		for _, n := range names {
			newDecls = append(newDecls, prefix+"::"+n)
		}
	}
	var edits []rewrite.Edit
	// New declarations replace a declaration that goes away, if any.
	replaced := false
	var pending []string
	if len(newDecls) > 0 {
		pending = renderDecls(newDecls)
	}
	for _, d := range pl.decls {
		if !d.modified() {
			continue
		}
		if d.empty() {
			if len(pending) > 0 && !replaced {
				replaced = true
				edits = append(edits, rewrite.Edit{Start: d.decl.Start, End: d.decl.End, New: strings.Join(pending, "\n")})
				continue
			}
			edits = append(edits, deleteLines(src, d.decl.Start, d.decl.End))
			continue
		}
		edits = append(edits, pl.editNode(d)...)
	}
	if len(pending) > 0 && !replaced {
		at, lead, trail := pl.insertionPoint()
		edits = append(edits, rewrite.Edit{Start: at, End: at, New: lead + strings.Join(pending, "\n") + "\n" + trail})
	}
	return edits
}

// renderDecls groups full paths by prefix into use declarations.
func renderDecls(paths []string) []string {
	by := map[string][]string{}
	var order []string
	for _, p := range paths {
		name := lastSeg(p)
		prefix := strings.TrimSuffix(p, "::"+name)
		if _, ok := by[prefix]; !ok {
			order = append(order, prefix)
		}
		by[prefix] = append(by[prefix], name)
	}
	sort.Strings(order)
	var out []string
	for _, prefix := range order {
		names := by[prefix]
		sort.Strings(names)
		if len(names) == 1 {
			out = append(out, "use "+prefix+"::"+names[0]+";")
		} else {
			out = append(out, "use "+prefix+"::{"+strings.Join(names, ", ")+"};")
		}
	}
	return out
}

// addToList adds names under prefix to an existing use tree: a list with
// that prefix, a single import from it (which becomes a list), or a list
// of a shorter prefix (`use std::{..}` gets `sync::Arc`).
func (pl *ImportPlan) addToList(prefix string, names []string) bool {
	var exact, leaf, shorter *useNode
	var leafParent *useNode
	pl.walk(func(u, parent *useNode) {
		switch {
		case u.kind == "list" && u.full == prefix && !u.removed && exact == nil:
			exact = u
		case u.kind == "leaf" && !u.removed && u.alias == "" && strings.TrimSuffix(u.full, "::"+lastSeg(u.full)) == prefix &&
			lastSeg(u.full) != "self" && leaf == nil && strings.Contains(u.path, "::"):
			leaf, leafParent = u, parent
		case u.kind == "list" && !u.removed && u.full != "" && strings.HasPrefix(prefix, u.full+"::") && shorter == nil:
			shorter = u
		}
	})
	switch {
	case exact != nil:
		exact.adds = append(exact.adds, names...)
		return true
	case leaf != nil:
		// `use std::sync::Mutex;` → `use std::sync::{Arc, Mutex};`
		own := lastSeg(leaf.path)
		rel := strings.TrimSuffix(leaf.path, "::"+own)
		item := &useNode{kind: "leaf", path: own, full: leaf.full, decl: leaf.decl}
		list := &useNode{n: leaf.n, kind: "list", path: rel, full: prefix, items: []*useNode{item}, adds: names, decl: leaf.decl}
		pl.replace(leaf, leafParent, list)
		return true
	case shorter != nil:
		rel := strings.TrimPrefix(prefix, shorter.full+"::")
		if len(names) == 1 {
			shorter.adds = append(shorter.adds, rel+"::"+names[0])
		} else {
			shorter.adds = append(shorter.adds, rel+"::{"+strings.Join(names, ", ")+"}")
		}
		return true
	}
	return false
}

func (pl *ImportPlan) replace(old, parent, with *useNode) {
	if parent == nil {
		for i, d := range pl.decls {
			if d == old {
				pl.decls[i] = with
			}
		}
		return
	}
	for i, it := range parent.items {
		if it == old {
			parent.items[i] = with
		}
	}
}

func singleLine(src []byte, n *ast.Node) bool {
	return !strings.Contains(string(src[n.Start:n.End]), "\n")
}

// editNode edits a modified use tree node that is not empty.
func (pl *ImportPlan) editNode(u *useNode) []rewrite.Edit {
	src := pl.f.Src
	if u.n == nil {
		return nil
	}
	if singleLine(src, u.n) || u.kind != "list" || u.list == nil {
		return []rewrite.Edit{{Start: u.n.Start, End: u.n.End, New: u.render()}}
	}
	// A multi-line list: touch only the items that change.
	var edits []rewrite.Edit
	var lastKept *useNode
	for _, it := range u.items {
		switch {
		case it.empty():
			edits = append(edits, deleteItem(src, it.n))
		case it.modified():
			edits = append(edits, pl.editNode(it)...)
			lastKept = it
		default:
			lastKept = it
		}
	}
	if len(u.adds) > 0 {
		if lastKept == nil {
			// Every old item goes: write the list anew.
			return []rewrite.Edit{{Start: u.n.Start, End: u.n.End, New: u.render()}}
		}
		end := lastKept.n.End
		indent := ast.Indent(src, lastKept.n.Start)
		var b strings.Builder
		at := end
		if end < len(src) && src[end] == ',' {
			at = end + 1
			for _, a := range u.adds {
				b.WriteString("\n" + indent + a + ",")
			}
		} else {
			for _, a := range u.adds {
				b.WriteString(",\n" + indent + a)
			}
		}
		edits = append(edits, rewrite.Edit{Start: at, End: at, New: b.String()})
	}
	return edits
}

// deleteItem removes one item of a multi-line list with its comma, and
// its line when it is alone there.
func deleteItem(src []byte, n *ast.Node) rewrite.Edit {
	start, end := n.Start, n.End
	j := end
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == ',' {
		end = j + 1
	}
	ls := ast.LineStart(src, start)
	if strings.TrimSpace(string(src[ls:start])) == "" {
		k := end
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && src[k] == '\n' {
			return rewrite.Edit{Start: ls, End: k + 1}
		}
	}
	for end < len(src) && src[end] == ' ' {
		end++
	}
	return rewrite.Edit{Start: start, End: end}
}

// deleteLines removes [start, end) and, when nothing else is on its
// lines, the lines themselves.
func deleteLines(src []byte, start, end int) rewrite.Edit {
	ls := ast.LineStart(src, start)
	if strings.TrimSpace(string(src[ls:start])) != "" {
		return rewrite.Edit{Start: start, End: end}
	}
	k := end
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if k < len(src) && src[k] == '\n' {
		return rewrite.Edit{Start: ls, End: k + 1}
	}
	if k == len(src) {
		return rewrite.Edit{Start: ls, End: k}
	}
	return rewrite.Edit{Start: start, End: end}
}

// insertionPoint returns where a new use declaration goes: after the last
// top-level `use std::..`, else after the last top-level use, else before
// the first item.
func (pl *ImportPlan) insertionPoint() (at int, lead, trail string) {
	src := pl.f.Src
	var lastStd, last *ast.Node
	for _, d := range pl.f.Root.Uses {
		if d.Parent == nil || d.Parent.Kind != "source_file" {
			continue
		}
		last = d
		arg := text(d.Child("argument"), src)
		if strings.HasPrefix(arg, "std") || strings.HasPrefix(arg, "core") || strings.HasPrefix(arg, "alloc") {
			lastStd = d
		}
	}
	anchor := lastStd
	if anchor == nil {
		anchor = last
	}
	if anchor != nil {
		end := anchor.End
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if end < len(src) {
			return end + 1, "", ""
		}
		return end, "\n", ""
	}
	// Before the first item that is not an inner attribute or a comment.
	for _, c := range pl.f.Tree.Root.Children {
		switch c.Kind {
		case "inner_attribute_item", "line_comment", "block_comment", "shebang":
			continue
		}
		return ast.LineStart(src, c.Start), "", "\n"
	}
	return len(src), "\n", ""
}

// NameUses returns the nodes of f that use the local name (an imported
// type or module name): identifiers and type identifiers that are the
// whole path or its first segment, outside use declarations.
func (f *File) NameUses(name string) []*ast.Node {
	var out []*ast.Node
	f.Tree.Root.Walk(func(x *ast.Node) bool {
		if x.Kind == "use_declaration" {
			return false
		}
		switch x.Kind {
		case "identifier", "type_identifier":
			if x.Text(f.Src) != name {
				return true
			}
			if p := x.Parent; p != nil && (p.Kind == "scoped_identifier" || p.Kind == "scoped_type_identifier") && x.Field() == "name" {
				return true
			}
			if p := x.Parent; p != nil && p.Kind == "field_expression" {
				return true
			}
			out = append(out, x)
		}
		return true
	})
	return out
}

// InlineModules returns the file's inline `mod m { .. }` modules.
func (f *File) InlineModules() []*Module {
	var out []*Module
	for _, m := range f.modules {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node.Start < out[j].Node.Start })
	return out
}

// DropUse returns the edit deleting the module's own declaration `use
// full;` (a single path, not a list), or false when it has none.
func (m *Module) DropUse(full string) (rewrite.Edit, bool) {
	src := m.File.Src
	for _, d := range m.Uses {
		if d.Parent != m.Node {
			continue
		}
		if arg := d.Child("argument"); arg != nil && compact(arg.Text(src)) == full {
			e := deleteLines(src, d.Start, d.End)
			e.Path = m.File.Path
			return e, true
		}
	}
	return rewrite.Edit{}, false
}
