package asyncmutex

import (
	"fmt"
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// file is one parsed file of the package.
type file struct {
	f       *rewrite.File
	path    string
	src     []byte
	tree    *ast.Tree
	send    *ast.SendAnalysis
	imports []*importLeaf
}

// pkg is the package-wide index the pass resolves names against.
type pkg struct {
	strategy string // --strategy: "async-mutex" switches guards scoping would fix too
	files    []*file
	manifest *rewrite.Manifest
	all      bool

	structs map[string][]*structItem // by name
	holders map[string][]*structItem // field name → structs declaring it
	statics map[string][]*ast.Node   // static_item by name
	staticF map[*ast.Node]*file
	aliases map[string][]*aliasItem
	fns     map[string][]*fnItem
	fnOf    map[*ast.Node]*fnItem
	fileOf  map[*ast.Node]*file    // root node → file
	built   map[*rewrite.File]bool // the files load has built

	rwlock bool // some file of the package names an RwLock
	// inAlias are the aliases lockInType is inside of (cycle guard).
	inAlias map[*aliasItem]bool

	decls map[*ast.Node]*decl // by declaring node
	order []*decl
	work  []*decl
}

type structItem struct {
	file   *file
	node   *ast.Node
	name   string
	fields map[string]*ast.Node // field_declaration by name
}

type aliasItem struct {
	file *file
	node *ast.Node // type_item
	name string
}

type fnItem struct {
	file   *file
	node   *ast.Node // function_item
	name   string
	self   bool        // has a self parameter
	params []*ast.Node // parameter nodes, self excluded
	trait  bool        // a trait method or a method of `impl Trait for T`
}

// newPkg prepares the index of a package without building any file: see
// load.
func newPkg(p *rewrite.Package) *pkg {
	k := &pkg{
		manifest: p.Manifest, all: p.All, strategy: p.Strategy,
		structs: map[string][]*structItem{}, holders: map[string][]*structItem{},
		statics: map[string][]*ast.Node{}, staticF: map[*ast.Node]*file{},
		aliases: map[string][]*aliasItem{}, fns: map[string][]*fnItem{}, fnOf: map[*ast.Node]*fnItem{},
		fileOf: map[*ast.Node]*file{}, built: map[*rewrite.File]bool{}, decls: map[*ast.Node]*decl{},
	}
	for _, f := range p.Files {
		if strings.Contains(string(f.Src), "RwLock") {
			k.rwlock = true
		}
	}
	return k
}

// load mirrors and indexes the files of p for which want is true (all of
// them when want is nil), each once. Finding the offenders needs only the
// files that can hold one; the whole package is built only when there is
// one to fix: most packages of a large repository never are.
func (k *pkg) load(p *rewrite.Package, want func(*rewrite.File) bool) []*file {
	var out []*file
	for _, f := range p.Files {
		if (want != nil && !want(f)) || k.built[f] {
			continue
		}
		t := ast.Build(f)
		fl := &file{f: f, path: f.Path, src: f.Src, tree: t}
		fl.send = ast.NewSendAnalysis(t)
		fl.imports = importLeaves(t)
		k.files = append(k.files, fl)
		k.built[f] = true
		k.fileOf[t.Root] = fl
		k.index(fl)
		out = append(out, fl)
	}
	// The package's own order, whatever was loaded first.
	pos := map[*rewrite.File]int{}
	for i, f := range p.Files {
		pos[f] = i
	}
	sort.SliceStable(k.files, func(i, j int) bool { return pos[k.files[i].f] < pos[k.files[j].f] })
	return out
}

func (k *pkg) index(fl *file) {
	src := fl.src
	fl.tree.Root.Walk(func(n *ast.Node) bool {
		switch n.Kind {
		case "struct_item":
			name := n.Child("name")
			body := n.Child("body")
			if name == nil {
				return true
			}
			s := &structItem{file: fl, node: n, name: name.Text(src), fields: map[string]*ast.Node{}}
			if body != nil && body.Kind == "field_declaration_list" {
				for _, fd := range body.NamedChildren() {
					if fd.Kind != "field_declaration" {
						continue
					}
					if fn := fd.Child("name"); fn != nil {
						s.fields[fn.Text(src)] = fd
						k.holders[fn.Text(src)] = append(k.holders[fn.Text(src)], s)
					}
				}
			}
			k.structs[s.name] = append(k.structs[s.name], s)
		case "static_item":
			if name := n.Child("name"); name != nil {
				k.statics[name.Text(src)] = append(k.statics[name.Text(src)], n)
				k.staticF[n] = fl
			}
		case "type_item":
			if name := n.Child("name"); name != nil {
				k.aliases[name.Text(src)] = append(k.aliases[name.Text(src)], &aliasItem{file: fl, node: n, name: name.Text(src)})
			}
		case "function_item", "function_signature_item":
			name := n.Child("name")
			if name == nil {
				return true
			}
			fi := &fnItem{file: fl, node: n, name: name.Text(src)}
			if ps := n.Child("parameters"); ps != nil {
				for _, c := range ps.NamedChildren() {
					switch c.Kind {
					case "self_parameter":
						fi.self = true
					case "parameter":
						fi.params = append(fi.params, c)
					}
				}
			}
			if decl := n.Parent; decl != nil && decl.Kind == "declaration_list" && decl.Parent != nil {
				switch decl.Parent.Kind {
				case "trait_item":
					fi.trait = true
				case "impl_item":
					fi.trait = decl.Parent.Child("trait") != nil
				}
			}
			k.fns[fi.name] = append(k.fns[fi.name], fi)
			k.fnOf[n] = fi
		}
		return true
	})
}

// fileOfNode returns the file a node belongs to.
func (k *pkg) fileOfNode(n *ast.Node) *file {
	for n.Parent != nil {
		n = n.Parent
	}
	return k.fileOf[n]
}

// where formats a node's place for messages: path:line.
func (fl *file) where(n *ast.Node) string {
	line := 1 + strings.Count(string(fl.src[:n.Start]), "\n")
	return fmt.Sprintf("%s:%d", fl.path, line)
}

// ---- use trees ----

// importLeaf is one name a `use` declaration brings into scope.
type importLeaf struct {
	decl  *ast.Node // use_declaration
	node  *ast.Node // the leaf: identifier, scoped_identifier, use_as_clause, self or use_wildcard
	local string    // the name it binds ("" for a glob)
	path  string    // the full path, e.g. std::sync::Mutex (the module for a glob)
	glob  bool
}

func importLeaves(t *ast.Tree) []*importLeaf {
	var out []*importLeaf
	src := t.Src
	t.Root.Walk(func(n *ast.Node) bool {
		if n.Kind != "use_declaration" {
			return true
		}
		arg := n.Child("argument")
		if arg == nil {
			return false
		}
		var visit func(x *ast.Node, prefix string)
		join := func(a, b string) string {
			if a == "" {
				return b
			}
			return a + "::" + b
		}
		visit = func(x *ast.Node, prefix string) {
			switch x.Kind {
			case "identifier", "scoped_identifier", "crate", "super":
				p := join(prefix, compactPath(x.Text(src)))
				out = append(out, &importLeaf{decl: n, node: x, local: lastSeg(p), path: p})
			case "self":
				out = append(out, &importLeaf{decl: n, node: x, local: lastSeg(prefix), path: prefix})
			case "use_as_clause":
				path, alias := x.Child("path"), x.Child("alias")
				if path != nil && alias != nil {
					out = append(out, &importLeaf{decl: n, node: x, local: alias.Text(src), path: join(prefix, compactPath(path.Text(src)))})
				}
			case "use_wildcard":
				p := prefix
				if c := x.NamedChildren(); len(c) > 0 {
					p = join(prefix, compactPath(c[0].Text(src)))
				}
				out = append(out, &importLeaf{decl: n, node: x, path: p, glob: true})
			case "scoped_use_list":
				p := prefix
				if path := x.Child("path"); path != nil {
					p = join(prefix, compactPath(path.Text(src)))
				}
				if list := x.Child("list"); list != nil {
					visit(list, p)
				}
			case "use_list":
				for _, c := range x.NamedChildren() {
					visit(c, prefix)
				}
			}
		}
		visit(arg, "")
		return false
	})
	return out
}

func compactPath(s string) string { return strings.Join(strings.Fields(s), "") }

func lastSeg(p string) string {
	if i := strings.LastIndex(p, "::"); i >= 0 {
		return p[i+2:]
	}
	return p
}

// libOf names the library of a lock type's full path: std, parking_lot,
// async (tokio, futures, async-std: already async-aware) or "".
func libOf(path string) string {
	path = strings.TrimPrefix(path, "::")
	switch {
	case strings.HasPrefix(path, "std::sync::"), strings.HasPrefix(path, "core::sync::"):
		return "std"
	case strings.HasPrefix(path, "parking_lot::"):
		return "parking_lot"
	case strings.HasPrefix(path, "tokio::sync::"):
		return "tokio"
	case strings.HasPrefix(path, "futures::lock::"), strings.HasPrefix(path, "futures_util::lock::"),
		strings.HasPrefix(path, "async_std::sync::"), strings.HasPrefix(path, "async_lock::"):
		return "async"
	}
	return ""
}

// expandPath turns a path written in fl into a full path, through the
// file's imports: `Mutex` imported from std::sync gives std::sync::Mutex,
// `sync::Mutex` with `use std::sync;` too. ok is false when the first
// segment is imported from several places.
func (fl *file) expandPath(p string) (string, bool) {
	first, rest, scoped := strings.Cut(p, "::")
	switch first {
	case "std", "core", "parking_lot", "tokio", "futures", "futures_util", "async_std", "async_lock", "":
		if scoped || first == "" {
			return p, true
		}
	}
	var found []string
	var globs []string
	for _, l := range fl.imports {
		if l.glob {
			globs = append(globs, l.path)
			continue
		}
		if l.local == first {
			found = append(found, l.path)
		}
	}
	switch {
	case len(found) == 1:
		if scoped {
			return found[0] + "::" + rest, true
		}
		return found[0], true
	case len(found) > 1:
		for _, f := range found[1:] {
			if f != found[0] {
				return "", false
			}
		}
		if scoped {
			return found[0] + "::" + rest, true
		}
		return found[0], true
	}
	// A glob of a module that has the name.
	if !scoped && (first == "Mutex" || first == "RwLock") {
		lib := ""
		for _, g := range globs {
			l := libOf(g + "::" + first)
			if l == "" {
				continue
			}
			if lib != "" && lib != l {
				return "", false
			}
			lib = l
			p = g + "::" + first
		}
		if lib != "" {
			return p, true
		}
	}
	return p, true
}

// ---- types ----

// lockRef is the place in a written type that names the lock.
type lockRef struct {
	file *file
	node *ast.Node // type_identifier or scoped_type_identifier naming Mutex/RwLock
	kind string    // Mutex or RwLock
	lib  string    // std, parking_lot, tokio, async or "" (unknown)
}

// wrappers may hold the lock inside a declared type: the value is still
// "the mutex" (locking goes through Deref).
var wrappers = map[string]bool{"Arc": true, "Rc": true, "Box": true, "LazyLock": true, "Lazy": true}

// lockInType finds the lock a declared type holds: `Mutex<T>`,
// `Arc<Mutex<T>>`, `&Mutex<T>`, `LazyLock<Mutex<T>>`, or a type alias of
// such a type. It returns nils when the type holds no lock it can track.
func (k *pkg) lockInType(fl *file, t *ast.Node) (*lockRef, *aliasItem) {
	for t != nil {
		switch t.Kind {
		case "reference_type":
			t = t.Child("type")
			continue
		case "generic_type":
			name := t.Child("type")
			args := t.Child("type_arguments")
			if name == nil || args == nil {
				return nil, nil
			}
			written := compactPath(name.Text(fl.src))
			last := lastSeg(written)
			full, ok := fl.expandPath(written)
			if ok {
				if l := lastSeg(full); (l == "Mutex" || l == "RwLock") && libOf(full) != "" {
					last = l // an import alias: `use std::sync::Mutex as StdMutex;`
				}
			}
			switch {
			case last == "Mutex" || last == "RwLock":
				lib := ""
				if ok {
					lib = libOf(full)
				}
				return &lockRef{file: fl, node: name, kind: last, lib: lib}, nil
			case wrappers[last]:
				ts := args.NamedChildren()
				if len(ts) != 1 {
					return nil, nil
				}
				t = ts[0]
				continue
			}
			return nil, nil
		case "type_identifier", "scoped_type_identifier":
			name := lastSeg(compactPath(t.Text(fl.src)))
			if as := k.aliases[name]; len(as) == 1 && !k.inAlias[as[0]] {
				if v := as[0].node.Child("type"); v != nil {
					// `pub type Waker = imp::Waker;` names another Waker:
					// do not follow an alias into itself.
					if k.inAlias == nil {
						k.inAlias = map[*aliasItem]bool{}
					}
					k.inAlias[as[0]] = true
					l, _ := k.lockInType(as[0].file, v)
					delete(k.inAlias, as[0])
					if l != nil {
						return nil, as[0]
					}
				}
			}
			return nil, nil
		}
		return nil, nil
	}
	return nil, nil
}

// baseType strips references, smart pointers and generic arguments from a
// written type: `&Arc<Pool<T>>` gives Pool.
// wrappedType returns, for a parameter `State(state): State<AppState>` (a
// one-field wrapper destructured, as web frameworks' extractors are), the
// type of name: the wrapper's one type argument. Otherwise t.
func wrappedType(pat, t *ast.Node, name string, src []byte) *ast.Node {
	if pat == nil || pat.Kind != "tuple_struct_pattern" || t.Kind != "generic_type" {
		return t
	}
	var elems []*ast.Node
	for _, c := range pat.NamedChildren() {
		if c != pat.Child("type") {
			elems = append(elems, c)
		}
	}
	args := t.Child("type_arguments")
	if len(elems) != 1 || args == nil || len(args.NamedChildren()) != 1 {
		return t
	}
	if el := elems[0]; el.Text(src) != name && !(el.Kind == "mut_pattern" && strings.TrimSpace(strings.TrimPrefix(el.Text(src), "mut")) == name) {
		return t
	}
	return args.NamedChildren()[0]
}

func baseType(t *ast.Node, src []byte) string {
	for t != nil {
		switch t.Kind {
		case "reference_type":
			t = t.Child("type")
			continue
		case "generic_type":
			name := t.Child("type")
			if name == nil {
				return ""
			}
			last := lastSeg(compactPath(name.Text(src)))
			if last == "Arc" || last == "Rc" || last == "Box" {
				if args := t.Child("type_arguments"); args != nil {
					if ts := args.NamedChildren(); len(ts) == 1 {
						t = ts[0]
						continue
					}
				}
				return ""
			}
			return last
		case "type_identifier", "scoped_type_identifier":
			return lastSeg(compactPath(t.Text(src)))
		}
		return ""
	}
	return ""
}

// implType returns the type name of the impl block around n, or "".
func implType(n *ast.Node, src []byte) string {
	impl := n.Ancestor("impl_item")
	if impl == nil {
		return ""
	}
	return baseType(impl.Child("type"), src)
}

// ---- scopes ----

// binding is what a name refers to at some place.
type binding struct {
	kind string    // let, param, self, static, pattern, none
	node *ast.Node // let_declaration, parameter, self_parameter, static_item, or the binding pattern
}

// lookup resolves the variable name as seen at node n: the nearest `let`
// before n in an enclosing block, a pattern, a closure or fn parameter, or
// else a static of the package.
func (k *pkg) lookup(fl *file, n *ast.Node, name string) binding {
	src := fl.src
	if name == "self" {
		for p := n.Parent; p != nil; p = p.Parent {
			if p.Kind == "function_item" {
				if ps := p.Child("parameters"); ps != nil {
					for _, c := range ps.NamedChildren() {
						if c.Kind == "self_parameter" {
							return binding{kind: "self", node: c}
						}
					}
				}
				return binding{kind: "none"}
			}
		}
		return binding{kind: "none"}
	}
	for c := n; c.Parent != nil; c = c.Parent {
		par := c.Parent
		switch par.Kind {
		case "block":
			for i := c.Index - 1; i >= 0; i-- {
				s := par.Children[i]
				if s.Kind != "let_declaration" {
					continue
				}
				pat := s.Child("pattern")
				if pat == nil {
					continue
				}
				names, _ := ast.PatternBindings(pat, src, false)
				for _, nm := range names {
					if nm == name {
						if identPattern(pat) != nil {
							return binding{kind: "let", node: s}
						}
						return binding{kind: "pattern", node: pat}
					}
				}
			}
		case "let_declaration":
			// let-else: the else block cannot see the bindings; the value
			// neither. Nothing to do: the block case handles what follows.
		case "closure_expression":
			if ps := par.Child("parameters"); ps != nil && c != ps {
				for _, p := range ps.NamedChildren() {
					pat := p
					if p.Kind == "parameter" {
						pat = p.Child("pattern")
					}
					if pat == nil {
						continue
					}
					names, _ := ast.PatternBindings(pat, src, false)
					for _, nm := range names {
						if nm == name {
							return binding{kind: "pattern", node: p}
						}
					}
				}
			}
		case "for_expression":
			if c.Field() == "body" {
				if pat := par.Child("pattern"); pat != nil && bindsIn(pat, name, src) {
					return binding{kind: "pattern", node: pat}
				}
			}
		case "if_expression", "while_expression":
			if c.Field() == "consequence" || c.Field() == "body" {
				if cond := par.Child("condition"); cond != nil && condBinds(cond, name, src) {
					return binding{kind: "pattern", node: cond}
				}
			}
		case "match_arm":
			if c.Field() == "value" {
				if pat := par.Child("pattern"); pat != nil && bindsIn(pat, name, src) {
					return binding{kind: "pattern", node: pat}
				}
			}
		case "function_item":
			if ps := par.Child("parameters"); ps != nil && c != ps {
				for _, p := range ps.NamedChildren() {
					if p.Kind != "parameter" {
						continue
					}
					pat := p.Child("pattern")
					if pat == nil {
						continue
					}
					if identPattern(pat) != nil && identPattern(pat).Text(src) == name {
						return binding{kind: "param", node: p}
					}
					if bindsIn(pat, name, src) {
						return binding{kind: "pattern", node: p}
					}
				}
			}
			return k.staticBinding(name)
		}
	}
	return k.staticBinding(name)
}

func (k *pkg) staticBinding(name string) binding {
	if ss := k.statics[name]; len(ss) == 1 {
		return binding{kind: "static", node: ss[0]}
	} else if len(ss) > 1 {
		return binding{kind: "pattern", node: ss[0]}
	}
	return binding{kind: "none"}
}

// identPattern returns the identifier of a `x` or `mut x` pattern, or nil.
func identPattern(pat *ast.Node) *ast.Node {
	switch pat.Kind {
	case "identifier":
		return pat
	case "mut_pattern":
		for _, c := range pat.NamedChildren() {
			if c.Kind == "identifier" {
				return c
			}
		}
	}
	return nil
}

func bindsIn(pat *ast.Node, name string, src []byte) bool {
	names, _ := ast.PatternBindings(pat, src, false)
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

func condBinds(cond *ast.Node, name string, src []byte) bool {
	found := false
	cond.Walk(func(x *ast.Node) bool {
		if found {
			return false
		}
		if x.Kind == "let_condition" {
			if pat := x.Child("pattern"); pat != nil && bindsIn(pat, name, src) {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// structOf returns the struct type name of an expression's value, as far
// as syntax tells: self in an impl, a parameter or let with a written
// type, a struct literal, `S::new(..)`, a field of a known struct. "" when
// unknown.
func (k *pkg) structOf(fl *file, e *ast.Node, depth int) string {
	if depth > 8 {
		return ""
	}
	src := fl.src
	e = stripRef(e)
	if e == nil {
		return ""
	}
	switch e.Kind {
	case "self":
		return implType(e, src)
	case "identifier":
		b := k.lookup(fl, e, e.Text(src))
		switch b.kind {
		case "self":
			return implType(e, src)
		case "param":
			return k.selfType(b.node, baseType(b.node.Child("type"), src), src)
		case "let":
			if t := b.node.Child("type"); t != nil {
				return k.selfType(b.node, baseType(t, src), src)
			}
			if v := b.node.Child("value"); v != nil {
				return k.structOf(fl, v, depth+1)
			}
		case "pattern":
			if b.node.Kind == "parameter" {
				if t := b.node.Child("type"); t != nil {
					return k.selfType(b.node, baseType(wrappedType(b.node.Child("pattern"), t, e.Text(src), src), src), src)
				}
			}
		}
	case "struct_expression":
		if n := e.Child("name"); n != nil {
			return k.selfType(e, lastSeg(compactPath(genericless(n, src))), src)
		}
	case "call_expression":
		if recv, name, args, ok := ast.MethodCall(e, src); ok {
			if name == "clone" && ast.ArgCount(args) == 0 {
				return k.structOf(fl, recv, depth+1)
			}
			return ""
		}
		path := ast.CalleePath(e, src)
		switch path {
		case "Arc::new", "Rc::new", "Box::new", "std::sync::Arc::new", "Arc::clone", "Rc::clone":
			if args := e.Child("arguments"); args != nil {
				if as := args.NamedChildren(); len(as) == 1 {
					return k.structOf(fl, as[0], depth+1)
				}
			}
			return ""
		}
		if fis := k.fns[ast.CalleeName(e, src)]; len(fis) == 1 && fis[0].node.Kind == "function_item" && !fis[0].self {
			if rt := fis[0].node.Child("return_type"); rt != nil {
				if t := k.selfType(fis[0].node, baseType(rt, fis[0].file.src), fis[0].file.src); len(k.structs[t]) > 0 {
					return t
				}
			}
		}
		if i := strings.LastIndex(path, "::"); i > 0 {
			typ := lastSeg(path[:i])
			fn := path[i+2:]
			typ = k.selfType(e, typ, src)
			if len(k.structs[typ]) > 0 && (fn == "new" || fn == "default" || strings.HasPrefix(fn, "with_") || strings.HasPrefix(fn, "from")) {
				return typ
			}
		}
	case "field_expression":
		owner := k.structOf(fl, e.Child("value"), depth+1)
		field := e.Child("field")
		if owner == "" || field == nil {
			return ""
		}
		ss := k.structs[owner]
		if len(ss) != 1 {
			return ""
		}
		fd := ss[0].fields[field.Text(src)]
		if fd == nil {
			return ""
		}
		return k.selfType(fd, baseType(fd.Child("type"), ss[0].file.src), ss[0].file.src)
	}
	return ""
}

// selfType replaces Self by the impl type around n.
func (k *pkg) selfType(n *ast.Node, name string, src []byte) string {
	if name == "Self" {
		return implType(n, src)
	}
	return name
}

func genericless(n *ast.Node, src []byte) string {
	if n.Kind == "generic_type" {
		if t := n.Child("type"); t != nil {
			return t.Text(src)
		}
	}
	return n.Text(src)
}

// stripRef removes parentheses, `&`, `&mut` and `*` around an expression.
func stripRef(e *ast.Node) *ast.Node {
	for e != nil {
		switch e.Kind {
		case "parenthesized_expression":
			e = ast.Unparen(e)
			if e != nil && e.Kind == "parenthesized_expression" {
				return e
			}
			continue
		case "reference_expression":
			e = e.Child("value")
			continue
		case "unary_expression":
			cs := e.NamedChildren()
			if len(cs) == 1 && e.Children[0].Kind == "*" {
				e = cs[0]
				continue
			}
		}
		return e
	}
	return e
}
