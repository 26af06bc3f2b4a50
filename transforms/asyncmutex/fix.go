package asyncmutex

import (
	"fmt"
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// class is the set of decls that hold one mutex.
type class struct {
	decls []*decl
	name  string // the decl that names the mutex best, for messages
	kind  string // Mutex or RwLock
	lib   string // std or parking_lot
	sites []*site

	done    bool
	fix     *rewrite.Fix
	why     string // the reason the class cannot be switched
	skip    bool   // already async-aware: nothing to report
	summary string
}

func (k *pkg) classes() map[*decl]*class {
	out := map[*decl]*class{}
	for _, d := range k.order {
		r := d.root()
		c := out[r]
		if c == nil {
			c = &class{}
			out[r] = c
		}
		c.decls = append(c.decls, d)
	}
	rank := map[string]int{"field": 0, "static": 1, "alias": 2, "return": 3, "local": 4, "param": 5}
	for _, c := range out {
		best := c.decls[0]
		for _, d := range c.decls[1:] {
			if rank[d.kind] < rank[best.kind] {
				best = d
			}
		}
		c.name = best.name
		if best.kind == "field" {
			c.name = "`" + best.name + "`"
		} else if best.kind == "static" {
			c.name = "the static `" + best.name + "`"
		} else if best.kind == "alias" {
			c.name = "the type alias `" + best.name + "`"
		}
		seen := map[*ast.Node]bool{}
		for _, d := range c.decls {
			for _, s := range d.sites {
				if !seen[s.call] {
					seen[s.call] = true
					c.sites = append(c.sites, s)
				}
			}
		}
	}
	return out
}

// build computes the class's fix, or why there is none.
func (k *pkg) build(c *class) {
	if c.done {
		return
	}
	c.done = true
	c.fix, c.why, c.skip = k.buildFix(c)
}

func (k *pkg) buildFix(c *class) (*rewrite.Fix, string, bool) {
	// What lock is it?
	var kinds, libs []string
	add := func(list *[]string, s string) {
		for _, x := range *list {
			if x == s {
				return
			}
		}
		*list = append(*list, s)
	}
	var unknown *ast.Node
	var unknownFile *file
	for _, d := range c.decls {
		if d.lock != nil {
			add(&kinds, d.lock.kind)
			add(&libs, d.lock.lib)
			if d.lock.lib == "" {
				unknown, unknownFile = d.lock.node, d.file
			}
		}
		for _, ct := range d.ctors {
			add(&kinds, ct.kind)
			add(&libs, ct.lib)
			if ct.lib == "" {
				unknown, unknownFile = ct.path, ct.file
			}
		}
	}
	for _, l := range libs {
		if l == "tokio" || l == "async" {
			return nil, "", true
		}
	}
	if len(kinds) != 1 {
		return nil, fmt.Sprintf("%s is declared both as a Mutex and as an RwLock", c.name), false
	}
	if unknown != nil {
		return nil, fmt.Sprintf("cannot tell which `%s` %s is (%s): it is not imported from std::sync or parking_lot", compact(unknown.Text(unknownFile.src)), c.name, unknownFile.where(unknown)), false
	}
	if len(libs) != 1 {
		return nil, fmt.Sprintf("%s is declared both as a std and as a parking_lot lock", c.name), false
	}
	c.kind, c.lib = kinds[0], libs[0]
	for _, d := range c.decls {
		if len(d.problems) > 0 {
			return nil, d.problems[0], false
		}
	}
	tokioName := "tokio::sync::" + c.kind
	// Guard types written out, and Condvar waits, need std's guard.
	guardTypes := []string{"MutexGuard"}
	if c.kind == "RwLock" {
		guardTypes = []string{"RwLockReadGuard", "RwLockWriteGuard"}
	}
	checked := map[*file]bool{}
	for _, s := range c.sites {
		if checked[s.file] {
			continue
		}
		checked[s.file] = true
		if why := stdGuardNamed(s.file, guardTypes); why != "" {
			return nil, why, false
		}
	}

	var edits []rewrite.Edit
	// Cargo.toml.
	feat, why := tokioSync(k.manifest)
	if why != "" {
		return nil, why, false
	}
	if feat != nil {
		edits = append(edits, *feat)
	}
	// Lock sites, and the sync fns that must become async.
	pl := newAsyncPlan()
	sort.SliceStable(c.sites, func(i, j int) bool {
		a, b := c.sites[i], c.sites[j]
		if a.file.path != b.file.path {
			return a.file.path < b.file.path
		}
		return a.call.Start < b.call.Start
	})
	for _, s := range c.sites {
		es, why := rewriteSite(s, c.lib)
		if why != "" {
			return nil, why, false
		}
		if len(es) == 0 {
			continue
		}
		edits = append(edits, es...)
		if !awaits(es) {
			continue
		}
		src := s.file.src
		ctx := ast.ContextOf(s.call, src)
		switch {
		case ctx == nil:
			return nil, fmt.Sprintf("%s is locked outside any fn (%s)", c.name, s.file.where(s.call)), false
		case pl.isAsyncCtx(ctx, src):
		case ctx.Kind == "function_item":
			name := "?"
			if n := ctx.Child("name"); n != nil {
				name = n.Text(src)
			}
			if why := k.makeAsync(pl, s.file, ctx, 1); why != "" {
				return nil, fmt.Sprintf("%s is locked in the non-async fn `%s` (%s), which cannot become async: %s (and blocking_lock() would panic inside the runtime)", c.name, name, s.file.where(s.call), why), false
			}
		default:
			return nil, fmt.Sprintf("%s is locked in a non-async closure (%s), which cannot await (and blocking_lock() would panic inside the runtime)", c.name, s.file.where(s.call)), false
		}
	}
	edits = append(edits, pl.edits...)
	// Types, constructors and use trees.
	unused := poisonImportsLeft(c, edits)
	edits = append(edits, k.renames(c, tokioName, unused)...)
	edits = append(edits, removeUnused(unused, edits)...)

	edits = dedupe(edits)
	for i := range edits {
		for j := i + 1; j < len(edits); j++ {
			if edits[i].Path == edits[j].Path && overlap(edits[i], edits[j]) {
				return nil, fmt.Sprintf("the changes to %s overlap in %s", c.name, edits[i].Path), false
			}
		}
	}
	n := 0
	files := map[string]bool{}
	for _, s := range c.sites {
		if s.method == "lock" || s.method == "read" || s.method == "write" {
			n++
			files[s.file.path] = true
		}
	}
	verb := ".lock().await"
	if c.kind == "RwLock" {
		verb = ".read().await / .write().await"
	}
	c.summary = fmt.Sprintf("%s becomes %s, locked with %s at %d place(s)", c.name, tokioName, verb, n)
	if len(files) > 1 {
		c.summary += fmt.Sprintf(" in %d files", len(files))
	}
	if len(pl.fns) > 0 {
		var names []string
		for fn := range pl.fns {
			if nm := fn.Child("name"); nm != nil {
				names = append(names, "`"+nm.Text(k.fileOfNode(fn).src)+"`")
			}
		}
		sort.Strings(names)
		if len(names) == 1 {
			c.summary += "; " + names[0] + " becomes async"
		} else {
			c.summary += "; " + strings.Join(names, ", ") + " become async"
		}
	}
	if feat != nil {
		c.summary += "; tokio's \"sync\" feature is enabled in Cargo.toml"
	}
	return &rewrite.Fix{Message: fmt.Sprintf("switch %s to %s", c.name, tokioName), Edits: edits}, "", false
}

func awaits(es []rewrite.Edit) bool {
	for _, e := range es {
		if strings.Contains(e.New, ".await") {
			return true
		}
	}
	return false
}

func overlap(a, b rewrite.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start <= a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start <= b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

func dedupe(es []rewrite.Edit) []rewrite.Edit {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Path != es[j].Path {
			return es[i].Path < es[j].Path
		}
		if es[i].Start != es[j].Start {
			return es[i].Start < es[j].Start
		}
		return es[i].End < es[j].End
	})
	var out []rewrite.Edit
	for _, e := range es {
		if len(out) > 0 && out[len(out)-1] == e {
			continue
		}
		out = append(out, e)
	}
	return out
}

// ---- types, constructors, use trees ----

// nameRef is one place that names the lock type of the class.
type nameRef struct {
	node   *ast.Node
	static *ast.Node // inside a static whose const initializer needs LazyLock
}

// renames returns the edits that make the class's declarations and
// constructors name tokio's lock, file by file: where no std name is left
// in a file, its import moves to tokio; else the places name tokio's type
// by path.
func (k *pkg) renames(c *class, tokioName string, unused map[*file][]*importLeaf) []rewrite.Edit {
	byFile := map[*file][]nameRef{}
	statics := map[*ast.Node]*file{}
	for _, d := range c.decls {
		if d.lock != nil {
			r := nameRef{node: d.lock.node}
			if d.kind == "static" {
				for _, ct := range d.ctors {
					if ct.static != nil {
						r.static = ct.static
						statics[ct.static] = d.file
					}
				}
			}
			byFile[d.file] = append(byFile[d.file], r)
		}
		for _, ct := range d.ctors {
			byFile[ct.file] = append(byFile[ct.file], nameRef{node: ct.path, static: ct.static})
		}
	}
	var edits []rewrite.Edit
	var files []*file
	for fl := range byFile {
		files = append(files, fl)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	for _, fl := range files {
		refs := byFile[fl]
		target, es := k.importPlan(fl, refs, c, tokioName, unused[fl])
		edits = append(edits, es...)
		done := map[*ast.Node]bool{}
		for _, r := range refs {
			if done[r.node] {
				continue
			}
			done[r.node] = true
			if r.static != nil {
				continue
			}
			t := target(r.node)
			if t != compactPath(r.node.Text(fl.src)) {
				edits = append(edits, rewrite.Edit{Path: fl.path, Start: r.node.Start, End: r.node.End, New: t})
			}
		}
		for st, sf := range statics {
			if sf != fl {
				continue
			}
			edits = append(edits, k.lazyStatic(fl, st, refs, target)...)
		}
	}
	return edits
}

// lazyStatic wraps `static M: Mutex<T> = Mutex::new(x);` as
// `static M: LazyLock<tokio::sync::Mutex<T>> = LazyLock::new(|| tokio::sync::Mutex::new(x));`.
func (k *pkg) lazyStatic(fl *file, st *ast.Node, refs []nameRef, target func(*ast.Node) string) []rewrite.Edit {
	typ, val := st.Child("type"), st.Child("value")
	if typ == nil || val == nil {
		return nil
	}
	lazy := "std::sync::LazyLock"
	for _, l := range fl.imports {
		if !l.glob && l.path == "std::sync::LazyLock" {
			lazy = l.local
		}
	}
	sub := func(n *ast.Node) string {
		text := ""
		at := n.Start
		for _, r := range refs {
			if r.static == st && n.Contains(r.node) && r.node.Start >= at {
				text += string(fl.src[at:r.node.Start]) + target(r.node)
				at = r.node.End
			}
		}
		return text + string(fl.src[at:n.End])
	}
	return []rewrite.Edit{
		{Path: fl.path, Start: typ.Start, End: typ.End, New: lazy + "<" + sub(typ) + ">"},
		{Path: fl.path, Start: val.Start, End: val.End, New: lazy + "::new(|| " + sub(val) + ")"},
	}
}

// importPlan decides how the file names tokio's lock at the places refs,
// and edits its use trees so that no import is left unused or doubled.
func (k *pkg) importPlan(fl *file, refs []nameRef, c *class, tokioName string, also []*importLeaf) (func(*ast.Node) string, []rewrite.Edit) {
	src := fl.src
	tokioLocal := ""
	for _, l := range fl.imports {
		if !l.glob && l.path == tokioName {
			tokioLocal = l.local
		}
	}
	byPath := tokioName
	if tokioLocal != "" {
		byPath = tokioLocal
	}
	targets := map[string]string{} // written bare name → its new text
	var edits []rewrite.Edit
	counted := map[string]int{}
	for _, r := range refs {
		t := compactPath(r.node.Text(src))
		if !strings.Contains(t, "::") {
			counted[t]++
		}
	}
	var names []string
	for name := range counted {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var leaves []*importLeaf
		for _, l := range fl.imports {
			if !l.glob && l.local == name {
				leaves = append(leaves, l)
			}
		}
		if len(leaves) != 1 || libOf(leaves[0].path) != c.lib || lastSeg(leaves[0].path) != c.kind {
			targets[name] = byPath
			continue
		}
		leaf := leaves[0]
		if k.countRefs(fl, name) > counted[name] {
			// The file still needs std's name: spell tokio's by path, and
			// keep other fixes of this file's import for a later round.
			targets[name] = byPath
			edits = append(edits, rewrite.Edit{Path: fl.path, Start: leaf.node.Start, End: leaf.node.End, New: leaf.node.Text(src)})
			continue
		}
		if tokioLocal != "" {
			targets[name] = tokioLocal
			edits = append(edits, removeLeaf(fl, leaf, "", also)...)
			continue
		}
		if name != c.kind && strings.Contains(strings.ToLower(name), "std") {
			// `Mutex as StdMutex`: do not call tokio's lock StdMutex.
			targets[name] = byPath
			edits = append(edits, removeLeaf(fl, leaf, "", also)...)
			continue
		}
		targets[name] = name
		newLeaf := tokioName
		if name != c.kind {
			newLeaf += " as " + name
		}
		edits = append(edits, removeLeaf(fl, leaf, newLeaf, also)...)
	}
	return func(n *ast.Node) string {
		t := compactPath(n.Text(src))
		if strings.Contains(t, "::") {
			return byPath
		}
		if x, ok := targets[t]; ok {
			return x
		}
		return byPath
	}, edits
}

// countRefs counts the places outside use declarations that name name as
// a type or a path's first segment.
func (k *pkg) countRefs(fl *file, name string) int { return len(refsTo(fl, name)) }

// refsTo returns the places outside use declarations that name name as a
// type or a path's first segment.
func refsTo(fl *file, name string) []*ast.Node {
	src := fl.src
	var out []*ast.Node
	fl.tree.Root.Walk(func(x *ast.Node) bool {
		switch x.Kind {
		case "use_declaration":
			return false
		case "type_identifier":
			if x.Text(src) == name {
				if p := x.Parent; p != nil && p.Kind == "scoped_type_identifier" && x.Field() == "name" {
					return true
				}
				out = append(out, x)
			}
		case "identifier":
			if x.Text(src) != name {
				return true
			}
			p := x.Parent
			switch {
			case p == nil:
			case p.Kind == "token_tree":
				// `std::sync::Mutex` in a macro names no import.
				if i := ast.IndexOf(p.Children, x); i == 0 || p.Children[i-1].Kind != "::" {
					out = append(out, x)
				}
			case (p.Kind == "scoped_identifier" || p.Kind == "scoped_type_identifier") && x.Field() == "path":
				out = append(out, x)
			}
		}
		return true
	})
	return out
}

// removeLeaf removes an imported name from its use tree and, when newLeaf
// is set, imports newLeaf instead: in place when the leaf is the whole
// declaration, else as a new `use` after it. The leaves of also that sit
// in the same use list are removed with it (one edit: two cuts of one
// list would overlap).
func removeLeaf(fl *file, leaf *importLeaf, newLeaf string, also []*importLeaf) []rewrite.Edit {
	src := fl.src
	ed := func(start, end int, text string) rewrite.Edit {
		return rewrite.Edit{Path: fl.path, Start: start, End: end, New: text}
	}
	decl := leaf.decl
	insert := func() []rewrite.Edit {
		if newLeaf == "" {
			return nil
		}
		vis := ""
		for _, c := range decl.Children {
			if c.Kind == "visibility_modifier" {
				vis = c.Text(src) + " "
			}
		}
		return []rewrite.Edit{ed(decl.End, decl.End, newline(src)+ast.Indent(src, decl.Start)+vis+"use "+newLeaf+";")}
	}
	// Remove node from its list; an emptied list removes its owner.
	var remove func(node *ast.Node) []rewrite.Edit
	remove = func(node *ast.Node) []rewrite.Edit {
		p := node.Parent
		if p == nil {
			return nil
		}
		switch p.Kind {
		case "use_declaration":
			if newLeaf != "" {
				return []rewrite.Edit{ed(node.Start, node.End, newLeaf)}
			}
			start := ast.LineStart(src, decl.Start)
			end := decl.End
			if end < len(src) && src[end] == '\n' {
				end++
			} else if end+1 < len(src) && src[end] == '\r' && src[end+1] == '\n' {
				end += 2
			}
			if strings.TrimSpace(string(src[start:decl.Start])) != "" {
				start = decl.Start
			}
			return []rewrite.Edit{ed(start, end, "")}
		case "use_list":
			items := p.NamedChildren()
			removed := map[*ast.Node]bool{node: true}
			for _, l := range also {
				if l.node.Parent == p {
					removed[l.node] = true
				}
			}
			var rest []*ast.Node
			for _, it := range items {
				if !removed[it] && it.Kind != "line_comment" && it.Kind != "block_comment" {
					rest = append(rest, it)
				}
			}
			switch {
			case len(rest) == 0:
				if owner := p.Parent; owner != nil && owner.Kind == "scoped_use_list" {
					return remove(owner)
				}
				return remove(p)
			case len(rest) == 1 && rest[0].Kind != "self" && len(items) == len(removed)+1:
				return append([]rewrite.Edit{ed(p.Start, p.End, rest[0].Text(src))}, insert()...)
			}
			var cuts []rewrite.Edit
			for _, c := range listCuts(items, removed) {
				cuts = append(cuts, ed(c[0], c[1], ""))
			}
			return append(cuts, insert()...)
		}
		return nil
	}
	return remove(leaf.node)
}

// listCuts returns the byte ranges that remove the removed items from a
// use list: each run of them with the separator after it, a run at the end
// with the separator before it. The cuts are disjoint, so that the
// other edits of the list (a kept leaf's) do not overlap them.
func listCuts(items []*ast.Node, removed map[*ast.Node]bool) [][2]int {
	var cuts [][2]int
	for i := 0; i < len(items); {
		if !removed[items[i]] {
			i++
			continue
		}
		j := i // items[i..j] is a run of removed items
		for j+1 < len(items) && removed[items[j+1]] {
			j++
		}
		if j+1 < len(items) {
			cuts = append(cuts, [2]int{items[i].Start, items[j+1].Start})
		} else {
			cuts = append(cuts, [2]int{items[i-1].End, items[j].End})
		}
		i = j + 1
	}
	return cuts
}

// stdGuardNamed reports a file that writes a std guard type (in a
// signature or annotation) or uses a Condvar: a tokio guard does not fit
// there, and sendfix does not rewrite those.
func stdGuardNamed(fl *file, types []string) string {
	why := ""
	fl.tree.Root.Walk(func(x *ast.Node) bool {
		if why != "" {
			return false
		}
		if x.Kind != "type_identifier" {
			return true
		}
		name := x.Text(fl.src)
		for _, t := range types {
			if name == t {
				full, ok := fl.expandPath(compactPath(x.Text(fl.src)))
				if p := x.Parent; p != nil && p.Kind == "scoped_type_identifier" {
					full, ok = fl.expandPath(compactPath(p.Text(fl.src)))
				}
				if ok && libOf(full) == "tokio" {
					continue
				}
				why = fmt.Sprintf("%s names the guard type `%s` (%s), which sendfix does not rewrite", fl.path, name, fl.where(x))
			}
		}
		if name == "Condvar" {
			why = fmt.Sprintf("%s uses a Condvar (%s), which needs std's MutexGuard", fl.path, fl.where(x))
		}
		return true
	})
	return why
}
