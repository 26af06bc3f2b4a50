package asyncmutex

import (
	"fmt"
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// decl is one place that holds "the mutex": a struct field, a static, a
// type alias, a fn parameter or a local. Decls that share one mutex value
// (a local passed to a parameter, cloned into a field, ...) are joined in
// one class; the fix switches a whole class.
type decl struct {
	kind  string // field, static, alias, param, local
	file  *file
	node  *ast.Node // field_declaration, static_item, type_item, parameter, let_declaration
	name  string    // for messages
	lock  *lockRef  // the lock named by the declared type; nil for an untyped local
	ctors []*ctor
	sites []*site
	// problems are reasons the class cannot be switched automatically.
	problems []string
	parent   *decl
	scanned  bool
	owner    *structItem // for fields
	field    string
}

// ctor is a constructor call of the lock: `Mutex::new(..)`.
type ctor struct {
	file *file
	path *ast.Node // the node naming the lock in the call's path: Mutex, std::sync::Mutex
	kind string    // Mutex or RwLock
	lib  string
	// static is the static_item whose const initializer this is: tokio's
	// Mutex::new is not const, so the static is wrapped in LazyLock.
	static *ast.Node
}

// site is one call on the mutex: m.lock(), m.read(), m.into_inner(), ...
type site struct {
	file   *file
	call   *ast.Node // call_expression, or the method identifier inside a token tree
	method string
	tokens bool // inside a macro's token tree
}

func (d *decl) root() *decl {
	for d.parent != nil {
		if d.parent.parent != nil {
			d.parent = d.parent.parent
		}
		d = d.parent
	}
	return d
}

func (k *pkg) union(a, b *decl) {
	ra, rb := a.root(), b.root()
	if ra != rb {
		rb.parent = ra
	}
}

func (d *decl) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, p := range d.problems {
		if p == msg {
			return
		}
	}
	d.problems = append(d.problems, msg)
}

func (k *pkg) newDecl(kind string, fl *file, node *ast.Node, name string) *decl {
	d := &decl{kind: kind, file: fl, node: node, name: name}
	k.decls[node] = d
	k.order = append(k.order, d)
	k.work = append(k.work, d)
	return d
}

// lockMethods are the calls on a mutex the pass knows how to carry over.
var lockMethods = map[string]bool{
	"lock": true, "read": true, "write": true, "try_lock": true, "try_read": true, "try_write": true,
	"into_inner": true, "get_mut": true, "is_poisoned": true, "clear_poison": true, "upgradable_read": true,
}

// ---- decls from declarations ----

func (k *pkg) fieldDecl(s *structItem, name string) (*decl, string) {
	fd := s.fields[name]
	if fd == nil {
		return nil, ""
	}
	if d := k.decls[fd]; d != nil {
		return d, ""
	}
	lock, alias := k.lockInType(s.file, fd.Child("type"))
	if lock == nil && alias == nil {
		return nil, ""
	}
	d := k.newDecl("field", s.file, fd, s.name+"::"+name)
	d.lock, d.owner, d.field = lock, s, name
	k.joinAlias(d, alias)
	return d, ""
}

func (k *pkg) staticDecl(n *ast.Node) *decl {
	if d := k.decls[n]; d != nil {
		return d
	}
	fl := k.staticF[n]
	lock, alias := k.lockInType(fl, n.Child("type"))
	if lock == nil && alias == nil {
		return nil
	}
	d := k.newDecl("static", fl, n, n.Child("name").Text(fl.src))
	d.lock = lock
	k.joinAlias(d, alias)
	if v := n.Child("value"); v != nil {
		if c := k.findCtor(fl, v, 0); c != nil {
			if c.static == nil && !strings.Contains(n.Child("type").Text(fl.src), "Lazy") {
				c.static = n
			}
			d.ctors = append(d.ctors, c)
		} else if v.Kind == "macro_invocation" || v.Kind != "call_expression" {
			d.problem("the static `%s` is initialized by `%s`, which sendfix does not rewrite", d.name, compact(v.Text(fl.src)))
		}
	}
	if m := n.Ancestor("macro_invocation"); m != nil {
		d.problem("the static `%s` is declared inside a macro", d.name)
	}
	return d
}

func (k *pkg) aliasDecl(a *aliasItem) *decl {
	if d := k.decls[a.node]; d != nil {
		return d
	}
	lock, _ := k.lockInType(a.file, a.node.Child("type"))
	if lock == nil {
		return nil
	}
	d := k.newDecl("alias", a.file, a.node, a.name)
	d.lock = lock
	return d
}

func (k *pkg) joinAlias(d *decl, alias *aliasItem) {
	if alias == nil {
		return
	}
	if ad := k.aliasDecl(alias); ad != nil {
		k.union(ad, d)
	}
}

func (k *pkg) paramDecl(fl *file, p *ast.Node) (*decl, string) {
	if d := k.decls[p]; d != nil {
		return d, ""
	}
	lock, alias := k.lockInType(fl, p.Child("type"))
	if lock == nil && alias == nil {
		t := p.Child("type")
		if t != nil && (t.Kind == "type_identifier" || t.Kind == "abstract_type" || t.Kind == "generic_type") {
			return nil, fmt.Sprintf("it is passed as the parameter `%s: %s`, whose type sendfix cannot change", p.Child("pattern").Text(fl.src), compact(t.Text(fl.src)))
		}
		return nil, ""
	}
	id := identPattern(p.Child("pattern"))
	if id == nil {
		return nil, fmt.Sprintf("it is passed as the parameter `%s`, bound by a pattern", compact(p.Text(fl.src)))
	}
	name := "`" + id.Text(fl.src) + "`"
	if fn := p.Ancestor("function_item"); fn != nil && fn.Child("name") != nil {
		name = "parameter `" + id.Text(fl.src) + "` of `" + fn.Child("name").Text(fl.src) + "`"
	}
	d := k.newDecl("param", fl, p, name)
	d.lock = lock
	k.joinAlias(d, alias)
	return d, ""
}

// retDecl returns the decl of a fn whose return type holds a lock: the
// values it returns and the callers' copies share that mutex.
func (k *pkg) retDecl(fi *fnItem) *decl {
	if d := k.decls[fi.node]; d != nil {
		return d
	}
	rt := fi.node.Child("return_type")
	if rt == nil || fi.node.Kind != "function_item" {
		return nil
	}
	lock, alias := k.lockInType(fi.file, rt)
	if lock == nil && alias == nil {
		return nil
	}
	d := k.newDecl("return", fi.file, fi.node, "the value returned by `"+fi.name+"`")
	d.lock = lock
	k.joinAlias(d, alias)
	return d
}

// calledFn returns the package fn a path call `f(..)` / `T::f(..)` calls,
// when exactly one fn of the package has that name.
func (k *pkg) calledFn(call *ast.Node, src []byte) *fnItem {
	if _, _, _, method := ast.MethodCall(call, src); method {
		return nil
	}
	var cands []*fnItem
	for _, fi := range k.fns[ast.CalleeName(call, src)] {
		if fi.node.Kind == "function_item" {
			cands = append(cands, fi)
		}
	}
	if len(cands) != 1 {
		return nil
	}
	return cands[0]
}

// letDecl returns the decl of a local: a let whose value constructs a lock,
// whose written type holds one, or that copies another mutex value.
func (k *pkg) letDecl(fl *file, let *ast.Node) (*decl, string) {
	if d := k.decls[let]; d != nil {
		return d, ""
	}
	src := fl.src
	pat := let.Child("pattern")
	id := identPattern(pat)
	if id == nil {
		return nil, fmt.Sprintf("it is bound by the pattern `%s`", compact(pat.Text(src)))
	}
	var lock *lockRef
	var alias *aliasItem
	if t := let.Child("type"); t != nil {
		lock, alias = k.lockInType(fl, t)
	}
	v := let.Child("value")
	var c *ctor
	if v != nil {
		c = k.findCtor(fl, v, 0)
	}
	if c != nil {
		d := k.newDecl("local", fl, let, "`"+id.Text(src)+"`")
		d.lock = lock
		d.ctors = append(d.ctors, c)
		k.joinAlias(d, alias)
		return d, ""
	}
	if v != nil {
		if from, why, copied := k.resolveCopy(fl, v); copied {
			if from == nil {
				return nil, why
			}
			d := k.newDecl("local", fl, let, "`"+id.Text(src)+"`")
			d.lock = lock
			k.joinAlias(d, alias)
			k.union(from, d)
			return d, ""
		}
	}
	if lock != nil || alias != nil {
		d := k.newDecl("local", fl, let, "`"+id.Text(src)+"`")
		d.lock = lock
		k.joinAlias(d, alias)
		if v != nil {
			d.problem("`%s` is initialized by `%s` (%s), which sendfix cannot follow", id.Text(src), compact(v.Text(src)), fl.where(v))
		}
		return d, ""
	}
	if v == nil {
		return nil, fmt.Sprintf("`%s` has no initializer", id.Text(src))
	}
	return nil, fmt.Sprintf("`%s` is initialized by `%s`, which sendfix cannot follow", id.Text(src), compact(v.Text(src)))
}

// findCtor finds the lock constructor an initializer makes, through
// Arc::new / Box::new / LazyLock::new(|| ..) wrappers.
func (k *pkg) findCtor(fl *file, e *ast.Node, depth int) *ctor {
	src := fl.src
	e = ast.Unparen(e)
	if e == nil || depth > 4 {
		return nil
	}
	switch e.Kind {
	case "call_expression":
		fn := e.Child("function")
		if fn != nil && fn.Kind == "generic_function" {
			fn = fn.Child("function")
		}
		if fn == nil || fn.Kind != "scoped_identifier" {
			return nil
		}
		path := fn.Child("path")
		name := fn.Child("name")
		if path == nil || name == nil {
			return nil
		}
		pathText := compactPath(path.Text(src))
		if path.Kind == "generic_type" {
			if t := path.Child("type"); t != nil {
				pathText = compactPath(t.Text(src))
				path = t
			}
		}
		last := lastSeg(pathText)
		args := e.Child("arguments")
		full, ok := fl.expandPath(pathText)
		if ok {
			if l := lastSeg(full); (l == "Mutex" || l == "RwLock") && libOf(full) != "" {
				last = l
			}
		}
		switch {
		case (last == "Mutex" || last == "RwLock") && (name.Text(src) == "new" || name.Text(src) == "default"):
			lib := ""
			if ok {
				lib = libOf(full)
			}
			return &ctor{file: fl, path: path, kind: last, lib: lib}
		case wrappers[last] && (name.Text(src) == "new" || name.Text(src) == "from"):
			if args == nil {
				return nil
			}
			as := args.NamedChildren()
			if len(as) != 1 {
				return nil
			}
			inner := as[0]
			if inner.Kind == "closure_expression" {
				inner = inner.Child("body")
			}
			return k.findCtor(fl, inner, depth+1)
		}
	case "block":
		items := ast.Items(e)
		if len(items) > 0 && ast.IsTail(items[len(items)-1]) {
			return k.findCtor(fl, items[len(items)-1], depth+1)
		}
	}
	return nil
}

// ---- resolving expressions ----

// resolveCopy reports whether e is a copy of a mutex value (the value
// itself, a reference to it, `x.clone()`, `Arc::clone(&x)`) and, if it
// resolves, whose. copied is false for any other expression.
func (k *pkg) resolveCopy(fl *file, e *ast.Node) (d *decl, why string, copied bool) {
	src := fl.src
	e = stripRef(e)
	if e == nil {
		return nil, "", false
	}
	switch e.Kind {
	case "identifier", "self", "field_expression", "scoped_identifier":
		d, why := k.resolve(fl, e)
		if d == nil && why == "" {
			return nil, "", false
		}
		return d, why, true
	case "call_expression":
		if recv, name, args, ok := ast.MethodCall(e, src); ok {
			if name == "clone" && ast.ArgCount(args) == 0 {
				return k.resolveCopy(fl, recv)
			}
			if unwrappers[name] {
				// Arc::try_unwrap(m).unwrap(): the mutex itself.
				if inner := ast.Unparen(recv); inner != nil && inner.Kind == "call_expression" {
					switch ast.CalleePath(inner, src) {
					case "Arc::try_unwrap", "Arc::into_inner", "Rc::try_unwrap", "Rc::into_inner":
						if as := inner.Child("arguments").NamedChildren(); len(as) == 1 {
							return k.resolveCopy(fl, as[0])
						}
					}
				}
			}
			return nil, "", false
		}
		switch ast.CalleePath(e, src) {
		case "Arc::clone", "Rc::clone", "Clone::clone", "std::sync::Arc::clone":
			if args := e.Child("arguments"); args != nil {
				if as := args.NamedChildren(); len(as) == 1 {
					return k.resolveCopy(fl, as[0])
				}
			}
		}
		if fi := k.calledFn(e, src); fi != nil {
			if d := k.retDecl(fi); d != nil {
				return d, "", true
			}
		}
	}
	return nil, "", false
}

// resolve finds the decl of the mutex a receiver expression denotes.
// d == nil && why == "": not a mutex the pass tracks (a tokio lock, a type
// it does not know); why != "": it may be one, but cannot be resolved.
func (k *pkg) resolve(fl *file, e *ast.Node) (*decl, string) {
	src := fl.src
	e = stripRef(e)
	if e == nil {
		return nil, "unexpected syntax"
	}
	switch e.Kind {
	case "identifier":
		return k.resolveName(fl, e, e.Text(src))
	case "self":
		return nil, "the lock is `self`"
	case "scoped_identifier":
		name := e.Child("name")
		if name == nil {
			return nil, "unexpected syntax"
		}
		if ss := k.statics[name.Text(src)]; len(ss) == 1 {
			if d := k.staticDecl(ss[0]); d != nil {
				return d, ""
			}
			return nil, ""
		} else if len(ss) > 1 {
			return nil, fmt.Sprintf("several statics are named `%s`", name.Text(src))
		}
		return nil, fmt.Sprintf("`%s` is not declared in this package", compact(e.Text(src)))
	case "field_expression":
		value, field := e.Child("value"), e.Child("field")
		if value == nil || field == nil {
			return nil, "unexpected syntax"
		}
		return k.resolveField(fl, value, field.Text(src), e)
	case "call_expression":
		if recv, name, args, ok := ast.MethodCall(e, src); ok {
			if (name == "clone" || name == "as_ref") && ast.ArgCount(args) == 0 {
				return k.resolve(fl, recv)
			}
			if unwrappers[name] {
				if inner := ast.Unparen(recv); inner != nil && inner.Kind == "call_expression" {
					switch ast.CalleePath(inner, src) {
					case "Arc::try_unwrap", "Arc::into_inner", "Rc::try_unwrap", "Rc::into_inner":
						if as := inner.Child("arguments").NamedChildren(); len(as) == 1 {
							return k.resolve(fl, as[0])
						}
					}
				}
			}
		}
		if d, why, ok := k.resolveCopy(fl, e); ok {
			return d, why
		}
		return nil, fmt.Sprintf("the lock is the result of the call `%s`", compact(e.Text(src)))
	case "index_expression":
		return nil, fmt.Sprintf("the lock is an element of a collection (`%s`)", compact(e.Text(src)))
	}
	return nil, fmt.Sprintf("the lock is `%s`", compact(e.Text(src)))
}

func (k *pkg) resolveName(fl *file, at *ast.Node, name string) (*decl, string) {
	b := k.lookup(fl, at, name)
	switch b.kind {
	case "let":
		return k.letDecl(fl, b.node)
	case "param":
		return k.paramDecl(fl, b.node)
	case "static":
		if d := k.staticDecl(b.node); d != nil {
			return d, ""
		}
		return nil, ""
	case "pattern":
		return nil, fmt.Sprintf("`%s` is bound by a pattern (%s)", name, fl.where(b.node))
	case "self":
		return nil, "the lock is `self`"
	}
	return nil, fmt.Sprintf("cannot find the declaration of `%s`", name)
}

// resolveField resolves `value.field`: the struct of value when syntax
// tells it, else the only struct of the package with that field.
func (k *pkg) resolveField(fl *file, value *ast.Node, field string, at *ast.Node) (*decl, string) {
	if field != "" && field[0] >= '0' && field[0] <= '9' {
		return nil, fmt.Sprintf("it is the field `%s` of a tuple struct or tuple (`%s`), which sendfix does not follow: switch it to tokio's lock by hand, or copy what the await needs out of the guard before it", field, compact(value.Text(fl.src))+"."+field)
	}
	owner := k.structOf(fl, value, 0)
	if owner != "" {
		ss := k.structs[owner]
		switch {
		case len(ss) == 1:
			if ss[0].fields[field] == nil {
				return nil, fmt.Sprintf("`%s` has no field `%s` in this package", owner, field)
			}
			return k.fieldDecl(ss[0], field)
		case len(ss) > 1:
			return nil, fmt.Sprintf("several structs are named `%s`", owner)
		}
		if !isTypeParam(value, owner, fl.src) {
			return nil, "" // a struct of another crate
		}
	}
	hs := k.holders[field]
	switch len(hs) {
	case 0:
		return nil, fmt.Sprintf("no struct of this package has a field `%s`", field)
	case 1:
		return k.fieldDecl(hs[0], field)
	}
	var names []string
	for _, h := range hs {
		names = append(names, h.name)
	}
	return nil, fmt.Sprintf("the type of `%s` is unknown and `%s` is a field of %s", compact(value.Text(fl.src)), field, strings.Join(names, " and "))
}

// ---- seeds and scanning ----

// seed creates the decls of every lock declared in the package.
func (k *pkg) seed() {
	for _, ss := range k.structs {
		for _, s := range ss {
			for name := range s.fields {
				k.fieldDecl(s, name)
			}
		}
	}
	for _, ss := range k.statics {
		for _, s := range ss {
			k.staticDecl(s)
		}
	}
	for _, as := range k.aliases {
		for _, a := range as {
			k.aliasDecl(a)
		}
	}
	for _, fis := range k.fns {
		for _, fi := range fis {
			k.retDecl(fi)
		}
	}
	for _, fl := range k.files {
		fl.tree.Root.Walk(func(n *ast.Node) bool {
			switch n.Kind {
			case "parameter":
				if n.Parent != nil && n.Parent.Parent != nil && n.Parent.Parent.Kind == "function_item" {
					k.paramDecl(fl, n)
				}
			case "let_declaration":
				if v := n.Child("value"); v != nil && k.findCtor(fl, v, 0) != nil {
					k.letDecl(fl, n)
				} else if t := n.Child("type"); t != nil {
					if l, a := k.lockInType(fl, t); l != nil || a != nil {
						k.letDecl(fl, n)
					}
				}
			}
			return true
		})
	}
}

// scanAll scans the uses of every decl until no new decl appears.
func (k *pkg) scanAll() {
	for len(k.work) > 0 {
		d := k.work[0]
		k.work = k.work[1:]
		if d.scanned {
			continue
		}
		d.scanned = true
		switch d.kind {
		case "local":
			k.scanLocal(d)
		case "param":
			k.scanParam(d)
		case "static":
			k.scanStatic(d)
		case "field":
			k.scanField(d)
		case "alias":
			k.scanAlias(d)
		case "return":
			k.scanReturn(d)
		}
	}
}

func (k *pkg) scanLocal(d *decl) {
	fl := d.file
	id := identPattern(d.node.Child("pattern"))
	name := id.Text(fl.src)
	block := d.node.Parent
	if block == nil {
		return
	}
	for _, s := range block.Children[d.node.Index+1:] {
		k.scanIdents(fl, s, name, func(n *ast.Node) bool {
			b := k.lookup(fl, n, name)
			return b.kind == "let" && b.node == d.node
		}, d)
	}
}

func (k *pkg) scanParam(d *decl) {
	fl := d.file
	fn := d.node.Ancestor("function_item")
	if fn == nil {
		return
	}
	name := identPattern(d.node.Child("pattern")).Text(fl.src)
	if body := fn.Child("body"); body != nil {
		k.scanIdents(fl, body, name, func(n *ast.Node) bool {
			b := k.lookup(fl, n, name)
			return b.kind == "param" && b.node == d.node
		}, d)
	}
	// The values callers pass.
	fi := k.fnOf[fn]
	if fi == nil {
		return
	}
	idx := -1
	for i, p := range fi.params {
		if p == d.node {
			idx = i
		}
	}
	if idx < 0 {
		return
	}
	calls, why := k.callsOf(fi)
	if why != "" {
		d.problem("%s", why)
		return
	}
	for _, c := range calls {
		i := idx
		if c.selfArg {
			i++
		}
		if c.tokens {
			args := tokenArgs(c.call)
			if i >= len(args) {
				d.problem("a call of `%s` at %s has fewer arguments than expected", fi.name, c.file.where(c.call))
				continue
			}
			id := plainTokenArg(args[i], c.file.src)
			if id == nil {
				d.problem("the %s is given an argument sendfix cannot follow inside the macro at %s", d.name, c.file.where(c.call))
				continue
			}
			from, why := k.resolveName(c.file, id, id.Text(c.file.src))
			switch {
			case from != nil:
				k.union(d, from)
			case why != "":
				d.problem("the %s is given `%s` at %s: %s", d.name, id.Text(c.file.src), c.file.where(id), why)
			}
			continue
		}
		args := c.call.Child("arguments")
		as := args.NamedChildren()
		if i >= len(as) {
			d.problem("a call of `%s` at %s has fewer arguments than expected", fi.name, c.file.where(c.call))
			continue
		}
		arg := as[i]
		if ct := k.findCtor(c.file, arg, 0); ct != nil {
			d.ctors = append(d.ctors, ct)
			continue
		}
		from, why, ok := k.resolveCopy(c.file, arg)
		switch {
		case from != nil:
			k.union(d, from)
		case ok && why == "":
		default:
			if why == "" {
				why = "sendfix cannot follow the value"
			}
			d.problem("the %s is given `%s` at %s: %s", d.name, compact(arg.Text(c.file.src)), c.file.where(arg), why)
		}
	}
}

// scanReturn follows the values a fn returns (constructors or other
// mutexes) and the calls that receive it.
func (k *pkg) scanReturn(d *decl) {
	fl := d.file
	fn := d.node
	body := fn.Child("body")
	if body == nil {
		return
	}
	var values []*ast.Node
	if items := ast.Items(body); len(items) > 0 && ast.IsTail(items[len(items)-1]) {
		values = append(values, items[len(items)-1])
	}
	body.Walk(func(x *ast.Node) bool {
		switch x.Kind {
		case "closure_expression", "function_item", "async_block":
			return false
		case "return_expression":
			if v := x.NamedChildren(); len(v) == 1 {
				values = append(values, v[0])
			}
		case "try_expression":
			d.problem("`%s` may return early through `?` at %s", d.name, fl.where(x))
		}
		return true
	})
	if len(values) == 0 {
		d.problem("sendfix cannot find what %s is", d.name)
	}
	for _, v := range values {
		k.flowInto(fl, d, v)
	}
	fi := k.fnOf[fn]
	calls, why := k.callsOf(fi)
	if why != "" {
		d.problem("%s", why)
		return
	}
	for _, c := range calls {
		if c.tokens {
			continue // inside a formatting macro: read only
		}
		k.classify(c.file, d, c.call)
	}
}

func (k *pkg) scanStatic(d *decl) {
	name := d.node.Child("name").Text(d.file.src)
	for _, fl := range k.files {
		k.scanIdents(fl, fl.tree.Root, name, func(n *ast.Node) bool {
			if n.Parent != nil && n.Parent.Kind == "static_item" {
				return false
			}
			if n.Parent != nil && n.Parent.Kind == "scoped_identifier" && n.Field() == "name" {
				return true
			}
			b := k.lookup(fl, n, name)
			return b.kind == "static" && b.node == d.node
		}, d)
	}
}

func (k *pkg) scanAlias(d *decl) {
	name := d.node.Child("name").Text(d.file.src)
	for _, fl := range k.files {
		fl.tree.Root.Walk(func(n *ast.Node) bool {
			if n.Kind != "type_identifier" || n.Text(fl.src) != name || n.Parent == d.node {
				return true
			}
			// The alias written as the whole type (or behind & / Arc) of a
			// field, parameter, let or static is a decl of the class.
			holder := n
			for holder.Parent != nil && (holder.Parent.Kind == "reference_type" || holder.Parent.Kind == "type_arguments" || holder.Parent.Kind == "generic_type") {
				holder = holder.Parent
			}
			switch p := holder.Parent; {
			case p == nil:
			case p.Kind == "field_declaration" || p.Kind == "parameter" || p.Kind == "let_declaration" || p.Kind == "static_item" || (p.Kind == "function_item" && holder.Field() == "return_type"):
				return false // its decl joins the class when created (seed)
			case p.Kind == "scoped_type_identifier" || p.Kind == "scoped_identifier":
				return false
			default:
				d.problem("the alias `%s` is used at %s, in a place sendfix does not follow", name, fl.where(n))
			}
			return false
		})
	}
}

func (k *pkg) scanField(d *decl) {
	s := d.owner
	field := d.field
	for _, fl := range k.files {
		src := fl.src
		fl.tree.Root.Walk(func(n *ast.Node) bool {
			switch n.Kind {
			case "field_expression":
				f := n.Child("field")
				if f == nil || f.Text(src) != field {
					return true
				}
				if k.fieldUseOf(fl, n.Child("value"), field, n) == d {
					k.classify(fl, d, n)
				}
			case "struct_expression":
				name := n.Child("name")
				if name == nil {
					return true
				}
				if k.selfType(n, lastSeg(compactPath(genericless(name, src))), src) != s.name || len(k.structs[s.name]) != 1 {
					return true
				}
				k.structLiteral(fl, d, n)
			case "struct_pattern":
				t := n.Child("type")
				if t != nil && k.selfType(n, lastSeg(compactPath(t.Text(src))), src) == s.name {
					for _, fp := range n.NamedChildren() {
						if fp.Kind == "field_pattern" {
							if nm := fp.Child("name"); nm != nil && nm.Text(src) == field {
								d.problem("`%s` is destructured by a pattern at %s", d.name, fl.where(fp))
							}
						}
					}
				}
			case "token_tree":
				k.scanTokenFields(fl, d, n)
				return false
			}
			return true
		})
	}
}

// fieldUseOf returns the decl `value.field` denotes, recording doubt on
// the candidates when the struct of value is unknown and not unique.
func (k *pkg) fieldUseOf(fl *file, value *ast.Node, field string, at *ast.Node) *decl {
	d, why := k.resolveField(fl, value, field, at)
	if d == nil && why != "" && strings.Contains(why, "is a field of") {
		for _, h := range k.holders[field] {
			if hd, _ := k.fieldDecl(h, field); hd != nil {
				hd.problem("cannot tell which struct's `%s` `%s` at %s is: %s", field, compact(at.Text(fl.src)), fl.where(at), why)
			}
		}
	}
	return d
}

// structLiteral handles `S { field: value, .. }` for the field decl d.
func (k *pkg) structLiteral(fl *file, d *decl, lit *ast.Node) {
	src := fl.src
	body := lit.Child("body")
	if body == nil {
		return
	}
	found := false
	for _, c := range body.NamedChildren() {
		switch c.Kind {
		case "field_initializer":
			f := c.Child("field")
			v := c.Child("value")
			if f == nil || v == nil || f.Text(src) != d.field {
				continue
			}
			found = true
			k.flowInto(fl, d, v)
		case "shorthand_field_initializer":
			ids := c.NamedChildren()
			if len(ids) != 1 || ids[0].Text(src) != d.field {
				continue
			}
			found = true
			k.flowInto(fl, d, ids[0])
		case "base_field_initializer":
			if !found {
				base := c.NamedChildren()
				if len(base) == 1 && strings.HasSuffix(compactPath(base[0].Text(src)), "default()") {
					continue
				}
				d.problem("`%s` is taken from `%s` at %s", d.name, compact(c.Text(src)), fl.where(c))
			}
		}
	}
}

// flowInto records that the value v ends up in d: a constructor, or the
// mutex of another decl.
func (k *pkg) flowInto(fl *file, d *decl, v *ast.Node) {
	if c := k.findCtor(fl, v, 0); c != nil {
		d.ctors = append(d.ctors, c)
		return
	}
	from, why, ok := k.resolveCopy(fl, v)
	switch {
	case from != nil:
		k.union(d, from)
	case ok && why == "":
	default:
		if why == "" {
			why = "sendfix cannot follow the value"
		}
		d.problem("`%s` is set to `%s` at %s: %s", d.name, compact(v.Text(fl.src)), fl.where(v), why)
	}
}

// scanIdents calls classify for every identifier named name under n that
// mine accepts, including identifiers inside macro token trees.
func (k *pkg) scanIdents(fl *file, n *ast.Node, name string, mine func(*ast.Node) bool, d *decl) {
	src := fl.src
	n.Walk(func(x *ast.Node) bool {
		if x.Kind == "identifier" && x.Text(src) == name && !ast.IsBindingSite(x) {
			if p := x.Parent; p != nil && p.Kind == "field_expression" && x.Field() == "field" {
				return true
			}
			if p := x.Parent; p != nil && p.Kind == "token_tree" {
				if x.Index > 0 && p.Children[x.Index-1].Kind == "." {
					return true // a field or method of something else
				}
			}
			if mine(x) {
				k.classify(fl, d, x)
			}
		}
		if x.Kind == "string_literal" && x.Parent != nil && x.Parent.Kind == "token_tree" && ast.FormatArgs(x.Text(src))[name] && mine(x) {
			// println!("{m:?}"): a harmless read.
			return true
		}
		return true
	})
}

// formatMacros only read their arguments.
var formatMacros = map[string]bool{
	"println": true, "print": true, "eprintln": true, "eprint": true, "format": true, "write": true,
	"writeln": true, "panic": true, "assert": true, "assert_eq": true, "assert_ne": true, "debug_assert": true,
	"debug_assert_eq": true, "debug_assert_ne": true, "dbg": true, "debug": true, "info": true, "warn": true,
	"error": true, "trace": true, "format_args": true, "unreachable": true, "todo": true,
}

// harmless calls take a mutex value without keeping or locking it.
var harmless = map[string]bool{
	"drop": true, "std::mem::drop": true, "mem::drop": true, "Arc::strong_count": true, "Arc::weak_count": true,
	"Arc::ptr_eq": true, "Rc::strong_count": true, "Rc::ptr_eq": true, "std::ptr::eq": true, "ptr::eq": true,
}

// classify decides what a use of the mutex value u does: lock it (a
// site), copy it somewhere (the destination joins the class), or
// something sendfix cannot follow (a problem).
func (k *pkg) classify(fl *file, d *decl, u *ast.Node) {
	src := fl.src
	if u.Parent != nil && u.Parent.Kind == "token_tree" {
		k.classifyTokens(fl, d, u)
		return
	}
	x := u
	for x.Parent != nil {
		p := x.Parent
		if p.Kind == "parenthesized_expression" || p.Kind == "reference_expression" ||
			(p.Kind == "unary_expression" && p.Children[0].Kind == "*") {
			x = p
			continue
		}
		break
	}
	p := x.Parent
	if p == nil {
		return
	}
	where := fl.where(u)
	switch p.Kind {
	case "field_expression":
		if p.Child("value") != x {
			break
		}
		call := p.Parent
		if call == nil || call.Kind != "call_expression" || call.Child("function") != p {
			d.problem("`%s` is used at %s in a way sendfix does not follow", compact(p.Text(src)), where)
			return
		}
		_, name, args, _ := ast.MethodCall(call, src)
		switch {
		case lockMethods[name]:
			d.sites = append(d.sites, &site{file: fl, call: call, method: name})
		case (name == "clone" || name == "as_ref") && ast.ArgCount(args) == 0:
			k.classify(fl, d, call)
		default:
			d.problem("`%s` at %s calls `%s` on the mutex", compact(call.Text(src)), where, name)
		}
		return
	case "arguments":
		call := p.Parent
		path := ast.CalleePath(call, src)
		switch {
		case path == "Arc::clone" || path == "Rc::clone" || path == "Clone::clone" || path == "std::sync::Arc::clone":
			k.classify(fl, d, call)
			return
		case harmless[path]:
			return
		case path == "Arc::try_unwrap" || path == "Arc::into_inner":
			// Arc::try_unwrap(m).unwrap().into_inner().unwrap(): the
			// into_inner call is found as a site through resolve.
			k.tryUnwrapSite(fl, d, call)
			return
		}
		k.argFlow(fl, d, call, x)
		return
	case "field_initializer", "shorthand_field_initializer":
		lit := p.Ancestor("struct_expression")
		if lit == nil {
			break
		}
		name := lit.Child("name")
		field := p.Child("field")
		if p.Kind == "shorthand_field_initializer" {
			field = x
		}
		owner := k.selfType(lit, lastSeg(compactPath(genericless(name, src))), src)
		if ss := k.structs[owner]; len(ss) == 1 && field != nil {
			if fd, _ := k.fieldDecl(ss[0], field.Text(src)); fd != nil {
				k.union(d, fd)
				return
			}
		}
		d.problem("`%s` is stored in `%s` at %s, which sendfix does not follow", compact(x.Text(src)), compact(p.Text(src)), where)
		return
	case "let_declaration":
		if p.Child("value") == x {
			if ld, why := k.letDecl(fl, p); ld != nil {
				k.union(d, ld)
			} else {
				d.problem("`%s` at %s: %s", compact(p.Text(src)), where, why)
			}
			return
		}
	case "expression_statement":
		return
	case "block", "return_expression":
		if p.Kind == "return_expression" || ast.IsTail(x) {
			fn := p
			if p.Kind == "block" {
				fn = p.Parent
			} else {
				fn = p.Ancestor("function_item", "closure_expression")
			}
			if fn != nil && fn.Kind == "function_item" {
				if fi := k.fnOf[fn]; fi != nil {
					if rd := k.retDecl(fi); rd != nil {
						k.union(d, rd)
						return
					}
				}
			}
		}
	case "assignment_expression":
		if p.Child("right") == x {
			left := p.Child("left")
			if left != nil && left.Kind == "field_expression" {
				if fd, _ := k.resolve(fl, left); fd != nil {
					k.union(d, fd)
					return
				}
			}
		}
	}
	d.problem("`%s` is used in `%s` at %s, which sendfix does not follow", compact(x.Text(src)), compact(p.Text(src)), where)
}

// tryUnwrapSite handles Arc::try_unwrap(m).unwrap(): the mutex itself,
// used like any copy (`.into_inner()` on it is a site).
func (k *pkg) tryUnwrapSite(fl *file, d *decl, call *ast.Node) {
	src := fl.src
	if fe := call.Parent; fe != nil && fe.Kind == "field_expression" {
		if c := fe.Parent; c != nil && c.Kind == "call_expression" && c.Child("function") == fe {
			if _, name, _, _ := ast.MethodCall(c, src); unwrappers[name] {
				k.classify(fl, d, c)
				return
			}
		}
	}
	d.problem("`%s` at %s unwraps the Arc in a way sendfix does not follow", compact(call.Text(src)), fl.where(call))
}

// argFlow follows a mutex value passed to a fn of the package.
func (k *pkg) argFlow(fl *file, d *decl, call, arg *ast.Node) {
	src := fl.src
	path := compact(ast.CalleePath(call, src))
	if i := strings.LastIndex(path, "::"); i > 0 && wrappers[lastSeg(path[:i])] && (path[i+2:] == "new" || path[i+2:] == "from") {
		k.classify(fl, d, call) // Arc::new(m): the Arc holds this mutex
		return
	}
	idx := -1
	for i, a := range call.Child("arguments").NamedChildren() {
		if a.Contains(arg) {
			idx = i
		}
	}
	name := ast.CalleeName(call, src)
	var defs, cands []*fnItem
	for _, fi := range k.fns[name] {
		if fi.node.Kind == "function_item" {
			defs = append(defs, fi)
		}
	}
	self := false
	for _, fi := range defs {
		switch k.callMatches(fl, call, fi, len(defs) > 1) {
		case "yes":
			cands = append(cands, fi)
		case "self":
			cands = append(cands, fi)
			self = true
		case "unknown":
			d.problem("`%s` is passed to `%s` at %s, and sendfix cannot tell which fn that is", compact(arg.Text(src)), path, fl.where(arg))
			return
		}
	}
	if len(cands) != 1 {
		d.problem("`%s` is passed to `%s` at %s, which sendfix cannot follow", compact(arg.Text(src)), path, fl.where(arg))
		return
	}
	if self {
		idx--
	}
	k.paramFlow(fl, d, cands[0], idx, arg)
}

// paramFlow joins d with parameter idx of fi, which arg is passed to.
func (k *pkg) paramFlow(fl *file, d *decl, fi *fnItem, idx int, arg *ast.Node) {
	src := fl.src
	if idx < 0 || idx >= len(fi.params) {
		d.problem("`%s` is passed to `%s` at %s as an argument sendfix cannot match", compact(arg.Text(src)), fi.name, fl.where(arg))
		return
	}
	pd, why := k.paramDecl(fi.file, fi.params[idx])
	if pd == nil {
		if why == "" {
			why = "its type holds no lock sendfix can change"
		}
		d.problem("`%s` is passed to `%s` at %s: %s", compact(arg.Text(src)), fi.name, fl.where(arg), why)
		return
	}
	k.union(d, pd)
}

// argFlowTo joins d with parameter idx of the package fn name (a method
// when method is set) that arg is passed to.
func (k *pkg) argFlowTo(fl *file, d *decl, name, path string, method bool, idx int, arg *ast.Node) {
	src := fl.src
	var cands []*fnItem
	for _, fi := range k.fns[name] {
		if method && !fi.self {
			continue
		}
		if fi.node.Kind == "function_item" {
			cands = append(cands, fi)
		}
	}
	if len(cands) != 1 {
		if len(cands) == 0 {
			d.problem("`%s` is passed to `%s` at %s, which sendfix cannot follow", compact(arg.Text(src)), path, fl.where(arg))
		} else {
			d.problem("`%s` is passed to `%s` at %s, and several fns have that name", compact(arg.Text(src)), name, fl.where(arg))
		}
		return
	}
	fi := cands[0]
	if !method && fi.self {
		idx-- // Type::method(self_arg, ..)
	}
	if idx < 0 || idx >= len(fi.params) {
		d.problem("`%s` is passed to `%s` at %s as an argument sendfix cannot match", compact(arg.Text(src)), name, fl.where(arg))
		return
	}
	pd, why := k.paramDecl(fi.file, fi.params[idx])
	if pd == nil {
		if why == "" {
			why = "its type holds no lock sendfix can change"
		}
		d.problem("`%s` is passed to `%s` at %s: %s", compact(arg.Text(src)), name, fl.where(arg), why)
		return
	}
	k.union(d, pd)
}

// callRef is one call of a package fn.
type callRef struct {
	file    *file
	call    *ast.Node // call_expression, or the `(..)` token tree of a call inside a macro
	selfArg bool      // Type::method(receiver, ..): arguments start with self
	tokens  bool
}

// tokenArgs splits the `(a, b)` token tree of a call written inside a
// macro into its arguments' tokens.
func tokenArgs(tt *ast.Node) [][]*ast.Node {
	cs := tt.Children
	if len(cs) < 2 {
		return nil
	}
	var out [][]*ast.Node
	var cur []*ast.Node
	for _, c := range cs[1 : len(cs)-1] {
		if c.Kind == "," {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, c)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// plainTokenArg returns the variable of an argument written `x`, `&x`,
// `&mut x` or `x.clone()`, or nil.
func plainTokenArg(toks []*ast.Node, src []byte) *ast.Node {
	var id *ast.Node
	for i, t := range toks {
		switch {
		case id == nil && (t.Kind == "&" || t.Kind == "mutable_specifier" || t.Kind == "mut"):
		case id == nil && t.Kind == "identifier":
			id = t
			rest := toks[i+1:]
			if len(rest) == 0 {
				return id
			}
			if len(rest) == 3 && rest[0].Kind == "." && rest[1].Text(src) == "clone" && strings.TrimSpace(rest[2].Text(src)) == "()" {
				return id
			}
			return nil
		default:
			return nil
		}
	}
	return id
}

// callsOf finds the calls of fi in the package; why is set when some use
// of the name cannot be told apart (several fns of that name, a use as a
// value, a call inside a macro).
func (k *pkg) callsOf(fi *fnItem) ([]callRef, string) {
	var defs []*fnItem
	for _, f := range k.fns[fi.name] {
		if f.node.Kind == "function_item" {
			defs = append(defs, f)
		}
	}
	others := len(defs) > 1
	var out []callRef
	why := ""
	for _, fl := range k.files {
		src := fl.src
		fl.tree.Root.Walk(func(n *ast.Node) bool {
			if why != "" {
				return false
			}
			switch n.Kind {
			case "call_expression":
				if ast.CalleeName(n, src) != fi.name {
					return true
				}
				switch k.callMatches(fl, n, fi, others) {
				case "self":
					out = append(out, callRef{file: fl, call: n, selfArg: true})
				case "yes":
					out = append(out, callRef{file: fl, call: n})
				case "unknown":
					why = fmt.Sprintf("cannot tell whether `%s` at %s calls it", compact(n.Text(src)), fl.where(n))
				}
			case "identifier":
				if n.Text(src) != fi.name || n.Parent == nil {
					return true
				}
				par := n.Parent
				if par == fi.node || par.Kind == "function_item" || ast.IsBindingSite(n) && par.Kind != "scoped_identifier" {
					return true
				}
				if par.Kind == "scoped_identifier" && n.Field() == "path" {
					return true
				}
				if par.Kind == "field_initializer" || par.Kind == "shorthand_field_initializer" && false {
					return true
				}
				if b := k.lookup(fl, n, fi.name); b.kind == "let" || b.kind == "param" || b.kind == "pattern" {
					return true // a variable of that name
				}
				if par.Kind == "token_tree" {
					if int(n.Index)+1 < len(par.Children) && par.Children[n.Index+1].Kind == "token_tree" && strings.HasPrefix(par.Children[n.Index+1].Text(src), "(") {
						mac := n.Ancestor("macro_invocation")
						name := ""
						if mac != nil && mac.Child("macro") != nil {
							name = lastSeg(compactPath(mac.Child("macro").Text(src)))
						}
						if !formatMacros[name] {
							why = fmt.Sprintf("`%s` is called inside the macro `%s!` at %s", fi.name, name, fl.where(n))
							return true
						}
						method := n.Index > 0 && par.Children[n.Index-1].Kind == "."
						args := par.Children[n.Index+1]
						switch {
						case method && fi.self:
							// x.name(..): a call of ours when x is self in
							// an impl of the same type.
							if n.Index >= 2 && par.Children[n.Index-2].Kind == "self" && (n.Index < 3 || par.Children[n.Index-3].Kind != ".") {
								if implType(n, src) == implType(fi.node, fi.file.src) {
									out = append(out, callRef{file: fl, call: args, tokens: true})
								}
							} else if commonMethods[fi.name] {
								why = fmt.Sprintf("cannot tell whether the call of `%s` inside the macro at %s calls it", fi.name, fl.where(n))
							} else {
								out = append(out, callRef{file: fl, call: args, tokens: true})
							}
						case !method && !fi.self && implType(fi.node, fi.file.src) == "":
							out = append(out, callRef{file: fl, call: args, tokens: true})
						case !method && fi.self:
							out = append(out, callRef{file: fl, call: args, tokens: true, selfArg: true})
						}
					}
					return true
				}
				// f(..), a::f(..), x.f(..) are calls; anything else is a
				// use of the fn as a value.
				call := par
				if par.Kind == "scoped_identifier" || par.Kind == "field_expression" {
					call = par.Parent
				}
				if call != nil && call.Kind == "generic_function" {
					call = call.Parent
				}
				if call == nil || call.Kind != "call_expression" {
					// `mod flush;` names a module, not the fn; a scoped path's
					// first segment (`flush::flush(..)`) is the module too.
					moduleName := par.Kind == "mod_item" || (par.Kind == "scoped_identifier" && par.Child("path") == n)
					if !moduleName && par.Kind != "use_declaration" && par.Kind != "scoped_use_list" && par.Kind != "use_list" && !(par.Kind == "scoped_identifier" && par.Ancestor("use_declaration") != nil) {
						why = fmt.Sprintf("`%s` is used as a value at %s", fi.name, fl.where(n))
					}
				}
			}
			return true
		})
	}
	return out, why
}

// scanTokenFields finds `x.field` chains in a token tree for the field decl d.
func (k *pkg) scanTokenFields(fl *file, d *decl, tt *ast.Node) {
	src := fl.src
	cs := tt.Children
	for i, c := range cs {
		if c.Kind == "token_tree" {
			k.scanTokenFields(fl, d, c)
			continue
		}
		if c.Kind != "identifier" || c.Text(src) != d.field || i < 2 || cs[i-1].Kind != "." {
			continue
		}
		root := cs[i-2]
		if root.Kind != "self" && root.Kind != "identifier" {
			continue
		}
		if i >= 3 && cs[i-3].Kind == "." {
			d.problem("cannot tell which mutex `%s` inside a macro at %s is", compact(src2(fl, root.Start, c.End)), fl.where(c))
			continue
		}
		if k.fieldUseOf(fl, root, d.field, c) == d {
			k.classifyTokens(fl, d, c)
		}
	}
}

func src2(fl *file, a, b int) string { return string(fl.src[a:b]) }

// classifyTokens classifies a use of the mutex inside a macro call: a lock
// chain `.lock().unwrap()` is a site; in a formatting macro a plain read is
// harmless; anything else cannot be followed.
func (k *pkg) classifyTokens(fl *file, d *decl, u *ast.Node) {
	src := fl.src
	tt := u.Parent
	cs := tt.Children
	i := int(u.Index)
	if i+3 < len(cs) && cs[i+1].Kind == "." && cs[i+2].Kind == "identifier" && cs[i+3].Kind == "token_tree" {
		m := cs[i+2].Text(src)
		if lockMethods[m] && strings.TrimSpace(cs[i+3].Text(src)) == "()" {
			d.sites = append(d.sites, &site{file: fl, call: cs[i+2], method: m, tokens: true})
			return
		}
	}
	// f(&m) or x.f(m.clone()) written inside a macro.
	if outer := tt.Parent; outer != nil && outer.Kind == "token_tree" && tt.Index > 0 && strings.HasPrefix(tt.Text(src), "(") {
		fn := outer.Children[tt.Index-1]
		if fn.Kind == "identifier" {
			idx := 0
			start := 1
			for j := 1; j < i; j++ {
				if cs[j].Kind == "," {
					idx++
					start = j + 1
				}
			}
			plain := true
			for j := start; j < i; j++ {
				if k := cs[j].Kind; k != "&" && k != "mut" && k != "mutable_specifier" && k != "*" {
					plain = false
				}
			}
			end := i + 1
			if end+2 < len(cs) && cs[end].Kind == "." && cs[end+1].Text(src) == "clone" && cs[end+2].Kind == "token_tree" {
				end += 3
			}
			if plain && end < len(cs) && (cs[end].Kind == "," || cs[end].Kind == ")") {
				method := tt.Index >= 2 && outer.Children[tt.Index-2].Kind == "."
				path := fn.Text(src)
				if tt.Index >= 3 && outer.Children[tt.Index-2].Kind == "::" {
					path = outer.Children[tt.Index-3].Text(src) + "::" + path
					if harmless[path] || path == "Arc::clone" || path == "Rc::clone" {
						return
					}
				}
				if fn.Text(src) == "drop" {
					return
				}
				k.argFlowTo(fl, d, fn.Text(src), path, method, idx, u)
				return
			}
		}
	}
	mac := u.Ancestor("macro_invocation")
	if mac != nil && tt.Parent != nil && tt.Parent.Kind == "macro_invocation" {
		if name := mac.Child("macro"); name != nil && formatMacros[lastSeg(compactPath(name.Text(src)))] {
			if i+1 >= len(cs) || cs[i+1].Kind != "." || (i+3 < len(cs) && cs[i+2].Text(src) == "clone") {
				return
			}
		}
	}
	what := "`" + u.Text(src) + "`"
	if d.name != "" && d.name != what {
		what = d.name + " (as `" + u.Text(src) + "`)"
	}
	d.problem("%s is used inside the macro at %s in a way sendfix does not follow", what, fl.where(u))
}

func compact(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// unwrappers turn a LockResult into the guard.
var unwrappers = map[string]bool{"unwrap": true, "expect": true, "unwrap_or_else": true}

// isTypeParam reports whether name is a type parameter of a fn or impl
// around n (its struct is then unknown).
func isTypeParam(n *ast.Node, name string, src []byte) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind != "function_item" && p.Kind != "impl_item" {
			continue
		}
		tps := p.Child("type_parameters")
		if tps == nil {
			continue
		}
		for _, tp := range tps.NamedChildren() {
			id := tp
			if tp.Kind == "type_parameter" || tp.Kind == "constrained_type_parameter" {
				id = tp.Child("name")
				if id == nil {
					id = tp.Child("left")
				}
			}
			if id != nil && id.Kind == "type_identifier" && id.Text(src) == name {
				return true
			}
		}
	}
	return false
}

// commonMethods are method names that std types have too: a call of one on
// a receiver of unknown type may well not be the package's.
var commonMethods = map[string]bool{
	"len": true, "is_empty": true, "push": true, "pop": true, "get": true, "get_mut": true, "insert": true,
	"remove": true, "contains": true, "contains_key": true, "iter": true, "iter_mut": true, "into_iter": true,
	"clear": true, "clone": true, "to_string": true, "as_str": true, "as_ref": true, "map": true, "and_then": true,
	"unwrap": true, "expect": true, "ok": true, "err": true, "send": true, "recv": true, "next": true, "read": true,
	"write": true, "lock": true, "flush": true, "close": true, "count": true, "sum": true, "min": true, "max": true,
	"sort": true, "extend": true, "join": true, "split": true, "trim": true, "keys": true, "values": true,
	"entry": true, "take": true, "replace": true, "first": true, "last": true, "find": true, "filter": true,
	"collect": true, "fmt": true, "eq": true, "cmp": true, "hash": true, "drop": true, "into": true, "from": true,
	"parse": true, "copied": true, "cloned": true, "capacity": true, "reserve": true, "truncate": true,
	"retain": true, "drain": true, "append": true, "swap": true, "split_off": true, "starts_with": true,
	"ends_with": true, "elapsed": true, "load": true, "store": true, "fetch_add": true, "set": true,
}

// callMatches tells whether the call expression call (whose callee name is
// fi's) calls fi: "yes", "self" (Type::method(receiver, ..)), "no", or
// "unknown" when the receiver's type is not known and the name is common.
func (k *pkg) callMatches(fl *file, call *ast.Node, fi *fnItem, others bool) string {
	src := fl.src
	owner := implType(fi.node, fi.file.src)
	if recv, _, _, method := ast.MethodCall(call, src); method {
		if !fi.self {
			return "no"
		}
		r := stripRef(recv)
		if r != nil {
			switch r.Kind {
			case "await_expression", "string_literal", "integer_literal", "macro_invocation", "array_expression":
				return "no"
			}
			if _, m, _, ok := ast.MethodCall(r, src); ok && (lockMethods[m] || unwrappers[m]) {
				if inner := unwrapCallee(r, src); inner != nil && lockMethods[inner.method] {
					return "no" // a guard
				}
				if lockMethods[m] {
					return "no"
				}
			}
		}
		switch t := k.structOf(fl, recv, 0); {
		case t == owner:
			return "yes"
		case t != "":
			return "no"
		}
		if commonMethods[fi.name] || others {
			return "unknown"
		}
		return "yes"
	}
	fn := call.Child("function")
	if fn != nil && fn.Kind == "generic_function" {
		fn = fn.Child("function")
	}
	if fn == nil {
		return "no"
	}
	switch fn.Kind {
	case "identifier":
		if owner == "" {
			if others {
				return "unknown"
			}
			return "yes"
		}
		return "no"
	case "scoped_identifier":
		path := fn.Child("path")
		if path == nil {
			if owner == "" {
				return "yes"
			}
			return "no"
		}
		seg := lastSeg(compactPath(genericless(path, src)))
		seg = k.selfType(call, seg, src)
		if owner == "" {
			if len(k.structs[seg]) > 0 || seg == "Self" || wrappers[seg] || seg == "Mutex" || seg == "RwLock" {
				return "no" // T::name of a type: not a free fn
			}
			if others {
				return "unknown"
			}
			return "yes"
		}
		if seg != owner {
			return "no"
		}
		if fi.self {
			return "self"
		}
		return "yes"
	}
	return "no"
}

type calleeInfo struct{ method string }

// unwrapCallee returns the method under `x.m().unwrap()`, if any.
func unwrapCallee(call *ast.Node, src []byte) *calleeInfo {
	recv, name, _, ok := ast.MethodCall(call, src)
	if !ok || !unwrappers[name] {
		return nil
	}
	if _, m, _, ok := ast.MethodCall(ast.Unparen(recv), src); ok {
		return &calleeInfo{method: m}
	}
	return nil
}
