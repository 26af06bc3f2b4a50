package rustast

import (
	"sort"
	"strings"
)

// Context is a body that runs as one future (or as plain code): an async
// fn, an async block, an async closure, or a non-async fn or closure (a
// guard there can never be held across an .await of its own).
type Context struct {
	Node  *Node // function_item, async_block or closure_expression
	Body  *Node
	Async bool
	Name  string // function name, for functions
}

// ContextOf returns the innermost context enclosing n.
func ContextOf(n *Node, src []byte) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.Kind {
		case "function_item", "async_block", "closure_expression":
			return p
		}
	}
	return nil
}

// IsAsync reports whether a context node runs as a future.
func IsAsync(ctx *Node, src []byte) bool {
	switch ctx.Kind {
	case "async_block":
		return true
	case "closure_expression":
		return ctx.HasToken(src, "async") || strings.HasPrefix(ctx.Text(src), "async")
	case "function_item":
		for _, c := range ctx.Children {
			if c.Kind == "function_modifiers" {
				return strings.Contains(c.Text(src), "async")
			}
		}
	}
	return false
}

// SameContext reports whether n runs in the future ctx itself, not in a
// nested closure or async block.
func SameContext(n, ctx *Node, src []byte) bool { return ContextOf(n, src) == ctx }

// AttributeNodes returns the outer attribute items written before item,
// nearest first (doc comments skipped).
func AttributeNodes(item *Node) []*Node {
	var out []*Node
	if item.Parent == nil {
		return nil
	}
	for i := item.Index - 1; i >= 0; i-- {
		s := item.Parent.Children[i]
		switch s.Kind {
		case "attribute_item":
			out = append(out, s)
		case "line_comment", "block_comment":
		default:
			return out
		}
	}
	return out
}

// Attributes returns the text of item's outer attributes, without spaces.
func Attributes(item *Node, src []byte) []string {
	var out []string
	for _, a := range AttributeNodes(item) {
		out = append(out, strings.Join(strings.Fields(a.Text(src)), ""))
	}
	return out
}

// localExecutors run a future on the current thread: it need not be Send.
var localExecutors = map[string]bool{
	"spawn_local": true, "block_on": true, "run_until": true, "spawn_local_on": true,
	"spawn_pinned": true, "local": true,
}

// sendSpawners move a future (or closure) to another thread.
var sendSpawners = map[string]bool{
	"spawn": true, "spawn_blocking": true, "spawn_on": true, "spawn_with_handle": true,
	"spawn_obj": true, "boxed": true,
}

// SendAnalysis decides which futures of a file must be Send. A future must
// be Send unless sendfix can see that it need not be: a #[tokio::main] or
// #[tokio::test] body, a future given to block_on / spawn_local /
// LocalSet::run_until, a #[async_trait(?Send)] method, an async block awaited
// in place inside such a future, and an async fn called only from those.
type SendAnalysis struct {
	// localWrappers are the file's fns named like a spawner that give
	// their future to a local executor (see NewSendAnalysis).
	localWrappers map[string]bool
	src           []byte
	root          *Node
	fns           map[string][]*Node // async fn items by name
	allFns        map[string]*Node   // every fn item by name (the first of a name), for paramNeedsSend
	callers       map[*Node][]*Node  // async fn item → call expressions naming it
	required      map[*Node]bool     // async fn item → its future must be Send
	// macroSpawned are async fns whose future a spawner takes inside a
	// macro's arguments.
	macroSpawned map[*Node]bool
	done         bool

	// calls and macroCalls are the file's calls, for LinkPackage.
	calls      []*Node
	macroCalls []tokenCall
	// external are, for an async fn no code of this file calls, the calls
	// of it in other files of the package (see LinkPackage); peers are
	// those files' analyses, solved together with this one.
	external map[*Node][]extCall
	peers    []*SendAnalysis

	// spawners and local extend sendSpawners and localExecutors for this
	// run (sendfix.toml, see hints.go).
	spawners, local map[string]bool

	// returning are the fns whose returnedRequired is being decided: one
	// met again counts as not requiring Send, so fns returning each
	// other's futures (two middlewares forwarding `inner.call(req)`) end.
	returning map[*Node]bool
}

// NewSendAnalysis prepares the analysis for one file.
func NewSendAnalysis(t *Tree) *SendAnalysis {
	a := &SendAnalysis{src: t.Src, root: t.Root, fns: map[string][]*Node{}, allFns: map[string]*Node{}, callers: map[*Node][]*Node{}, required: map[*Node]bool{}, macroSpawned: map[*Node]bool{}}
	a.spawners, a.local = hintSets(t.Hints)
	if a.local == nil {
		a.local = map[string]bool{}
	}
	a.localWrappers = map[string]bool{}
	var calls []*Node
	var macroCalls []tokenCall
	t.Root.Walk(func(n *Node) bool {
		switch n.Kind {
		case "function_item":
			if name := n.Child("name"); name != nil && a.allFns[name.Text(t.Src)] == nil {
				a.allFns[name.Text(t.Src)] = n
			}
			if IsAsync(n, t.Src) {
				if name := n.Child("name"); name != nil {
					a.fns[name.Text(t.Src)] = append(a.fns[name.Text(t.Src)], n)
				}
			}
		case "call_expression":
			calls = append(calls, n)
		case "use_as_clause":
			// `use tokio::task::spawn_local as spawn;`: calls of spawn run
			// on the current thread.
			if path, alias := n.Child("path"), n.Child("alias"); path != nil && alias != nil && localExecutors[lastSegment(path.Text(t.Src))] {
				a.local[alias.Text(t.Src)] = true
			}
		case "token_tree":
			macroCalls = append(macroCalls, tokenCalls(n, t.Src)...)
		}
		return true
	})
	a.calls, a.macroCalls = calls, macroCalls
	// A fn of the file named like a spawner that hands its argument to a
	// local executor (`mod local { pub fn spawn<F>(f: F) { spawn_local(f) } }`)
	// is one too.
	for name, fn := range a.allFns {
		if !sendSpawners[name] || a.spawners[name] {
			continue
		}
		if body := fn.Child("body"); body != nil {
			local := false
			body.Walk(func(x *Node) bool {
				if x.Kind == "call_expression" && localExecutors[CalleeName(x, t.Src)] {
					local = true
				}
				return !local
			})
			if local {
				a.localWrappers[name] = true
			}
		}
	}
	for _, c := range calls {
		for _, fn := range a.fns[CalleeName(c, t.Src)] {
			if callMatches(c, fn, t.Src, t.Src) {
				a.callers[fn] = append(a.callers[fn], c)
			}
		}
	}
	// A call inside a macro's arguments (`println!("{}", f().await)`) is
	// a caller too: without it, f would look uncalled, and so Send.
	for _, mc := range macroCalls {
		for _, fn := range a.fns[mc.name] {
			if mc.names(fn) {
				if a.spawnedInMacro(mc.ident) {
					a.macroSpawned[fn] = true // `println!("{}", tokio::spawn(f()).await..)`
					continue
				}
				a.callers[fn] = append(a.callers[fn], mc.ident)
			}
		}
	}
	return a
}

// paramNeedsSend reports whether arg is passed to a parameter that a fn of
// this file declares Send: `fut: impl Future + Send`, or `fut: F` with
// `F: Future + Send` (a project's own spawn helper).
func (a *SendAnalysis) paramNeedsSend(call *Node, name string, arg *Node) bool {
	known, send := a.paramSend(call, name, arg)
	return known && send
}

// paramLocal reports whether arg is passed to a future parameter that a fn
// (or method) of this file declares without Send (`fut: impl Future<Output
// = ()> + 'static`, a hand-written executor's spawn): that fn cannot move
// it to another thread.
func (a *SendAnalysis) paramLocal(call *Node, name string, arg *Node) bool {
	if f := call.Child("function"); f == nil || f.Kind != "identifier" && f.Kind != "field_expression" {
		return false // `tokio::spawn(..)` names another crate's fn
	}
	known, send := a.paramSend(call, name, arg)
	return known && !send
}

// paramSend finds the parameter of a fn of this file that arg is passed
// to, when it is a future or a closure (`impl Future`, `F: Future`, `F:
// Fn() -> Fut`): known is false otherwise; send says whether it is bound
// Send.
func (a *SendAnalysis) paramSend(call *Node, name string, arg *Node) (known, send bool) {
	f := call.Child("function")
	if f == nil {
		return false, false
	}
	fn := a.allFns[name]
	if fn == nil || (f.Kind == "field_expression") != hasSelfParam(fn) {
		return false, false
	}
	idx := -1
	for i, c := range call.Child("arguments").NamedChildren() {
		if c == arg {
			idx = i
		}
	}
	var params []*Node
	if ps := fn.Child("parameters"); ps != nil {
		for _, c := range ps.NamedChildren() {
			if c.Kind == "parameter" {
				params = append(params, c)
			}
		}
	}
	if idx < 0 || idx >= len(params) || params[idx].Child("type") == nil {
		return false, false
	}
	typ := params[idx].Child("type")
	t := strings.Join(strings.Fields(typ.Text(a.src)), " ")
	if typ.Kind == "abstract_type" {
		return strings.Contains(t, "Future") || strings.Contains(t, "Fn"), boundsSend(t)
	}
	if typ.Kind != "type_identifier" {
		return false, false
	}
	for _, b := range a.paramBounds(fn, t) {
		if strings.Contains(b, "Future") || strings.Contains(b, "Fn") {
			known = true
		}
		if boundsSend(b) {
			return true, true
		}
		// A closure returning the future (`register(|s| greeting(s))` with
		// `F: Fn(S) -> Fut, Fut: Future + Send`): the output's bounds.
		if i := strings.LastIndex(b, "->"); i >= 0 && arg.Kind == "closure_expression" {
			out := strings.TrimSpace(b[i+2:])
			if j := strings.IndexAny(out, " +,"); j >= 0 {
				out = out[:j]
			}
			for _, ob := range a.paramBounds(fn, out) {
				if boundsSend(ob) {
					return true, true
				}
			}
		}
	}
	return known, false
}

// paramBounds returns the bounds written for fn's generic parameter t, in
// <T: ..> and in `where T: ..`, each as its text after the name.
func (a *SendAnalysis) paramBounds(fn *Node, t string) []string {
	var out []string
	for _, list := range fn.Children {
		if list.Kind != "type_parameters" && list.Kind != "where_clause" {
			continue
		}
		for _, c := range list.NamedChildren() {
			if c.Kind != "type_parameter" && c.Kind != "constrained_type_parameter" && c.Kind != "where_predicate" {
				continue
			}
			txt := strings.Join(strings.Fields(c.Text(a.src)), " ")
			if strings.HasPrefix(txt, t+":") || strings.HasPrefix(txt, t+" :") {
				out = append(out, txt[len(t):])
			}
		}
	}
	return out
}

// boundsSend reports whether written bounds include Send.
func boundsSend(bounds string) bool {
	for _, f := range strings.FieldsFunc(bounds, func(r rune) bool { return r == '+' || r == ':' || r == ' ' || r == '<' || r == '>' || r == ',' }) {
		if f == "Send" || strings.HasSuffix(f, "::Send") {
			return true
		}
	}
	return false
}

// tokenCall is a call written inside a macro's token tree: `name(` or
// `.name(`.
type tokenCall struct {
	ident  *Node
	name   string
	method bool
}

// names reports whether the call can name fn (its name matched): `.f(`
// a method, `f(` a free or associated fn.
func (mc tokenCall) names(fn *Node) bool {
	return mc.method == hasSelfParam(fn) || !mc.method && fn.Parent != nil && fn.Parent.Kind == "declaration_list"
}

// spawnedInMacro reports whether a call written in a macro's arguments is
// inside the arguments of a spawner that needs Send, written there too:
// `println!("{}", tokio::spawn(f()).await..)`, and the call in an async
// block given to it, `tokio::spawn(async move { d.get(k).await })`. The
// nearest spawner or local executor decides.
func (a *SendAnalysis) spawnedInMacro(ident *Node) bool {
	send, _ := a.executorInMacro(ident)
	return send
}

// executorInMacro finds, for a node in a macro's arguments, the nearest
// spawner or local executor written in them that the node is given to:
// send reports which; ok is false when there is none.
func (a *SendAnalysis) executorInMacro(n *Node) (send, ok bool) {
	for tt := n.Parent; tt != nil && tt.Kind == "token_tree"; tt = tt.Parent {
		sp := spawnerBefore(tt, a.src)
		switch {
		case sp == "":
		case localExecutors[sp] || a.local[sp]:
			return false, true
		case sendSpawners[sp] || a.spawners[sp]:
			return true, true
		}
	}
	return false, false
}

// spawnerBefore returns the name written just before a token tree in its
// parent tree (`spawn` in `tokio::spawn(f())`), or "".
func spawnerBefore(tt *Node, src []byte) string {
	p := tt.Parent
	if p == nil || p.Kind != "token_tree" || tt.Index == 0 {
		return ""
	}
	if prev := p.Children[tt.Index-1]; prev.Kind == "identifier" {
		return prev.Text(src)
	}
	return ""
}

func tokenCalls(tt *Node, src []byte) []tokenCall {
	var out []tokenCall
	cs := tt.Children
	for i, c := range cs {
		if c.Kind != "identifier" || i+1 >= len(cs) || cs[i+1].Kind != "token_tree" {
			continue
		}
		if next := cs[i+1]; len(next.Children) == 0 || next.Children[0].Text(src) != "(" {
			continue
		}
		method := i > 0 && cs[i-1].Text(src) == "."
		out = append(out, tokenCall{ident: c, name: c.Text(src), method: method})
	}
	return out
}

// callMatches tells whether a call can name fn: `x.f()` calls methods
// (fns with a self parameter), `f()` free fns, `T::f()` / `Self::f()`
// associated fns. src is the call's file, fnSrc fn's.
func callMatches(call, fn *Node, src, fnSrc []byte) bool {
	callee := call.Child("function")
	if callee != nil && callee.Kind == "generic_function" {
		callee = callee.Child("function")
	}
	method := hasSelfParam(fn)
	inImpl := fn.Parent != nil && fn.Parent.Kind == "declaration_list"
	switch {
	case callee == nil:
		return false
	case callee.Kind == "field_expression":
		if !method {
			return false
		}
		// Two types' methods of one name (`run`): when the receiver's
		// type can be read (`let w = Rc::new(Widget { .. })`, `w:
		// Rc<Widget>`) and the method's impl type too, they must agree.
		if rt, it := receiverType(callee.Child("value"), src), implTypeName(fn, fnSrc); rt != "" && it != "" {
			return rt == it
		}
		return true
	case callee.Kind == "identifier":
		return !inImpl
	case callee.Kind == "scoped_identifier":
		return inImpl || !method
	}
	return false
}

// implTypeName returns the name of the type of the impl fn is a method
// of, or "".
func implTypeName(fn *Node, src []byte) string {
	for x := fn.Parent; x != nil; x = x.Parent {
		if x.Kind == "impl_item" {
			return pointeeTypeName(x.Child("type"), src)
		}
	}
	return ""
}

// pointeeTypeName is the name of a written type (typeName) through
// references and smart pointers: "Widget" for `Rc<Widget>`, `&mut
// crate::Widget<T>`; "" when it is no named type.
func pointeeTypeName(t *Node, src []byte) string {
	for t != nil {
		switch t.Kind {
		case "reference_type":
			t = t.Child("type")
			continue
		case "generic_type":
			switch typeName(t, src) {
			case "Rc", "Arc", "Box", "Pin":
				args := t.Child("type_arguments")
				if args == nil || len(args.NamedChildren()) != 1 {
					return ""
				}
				t = args.NamedChildren()[0]
				continue
			}
		}
		return upperName(typeName(t, src))
	}
	return ""
}

// PointeeTypeName is pointeeTypeName for the passes.
func PointeeTypeName(t *Node, src []byte) string { return pointeeTypeName(t, src) }

// upperName returns n when it is written like a type, a variant or a
// const (an uppercase first letter), else "".
func upperName(n string) string {
	if n == "" || n[0] < 'A' || n[0] > 'Z' {
		return ""
	}
	return n
}

// receiverType reads the type of a method call's receiver when the code
// says it plainly: a variable (through .clone()) bound by a let with a
// written type or a value that names it (`Rc::new(Widget { .. })`,
// `Arc::new(Fetcher::new())`), or a parameter with a written type. "" when
// it does not.
func receiverType(recv *Node, src []byte) string {
	for recv != nil {
		switch recv.Kind {
		case "parenthesized_expression", "reference_expression", "unary_expression":
			recv = firstNamed(recv)
			continue
		case "call_expression":
			if f := recv.Child("function"); f != nil && f.Kind == "field_expression" && f.Child("field") != nil && f.Child("field").Text(src) == "clone" {
				recv = f.Child("value")
				continue
			}
			return ""
		}
		break
	}
	typ, value := declaration(recv, src)
	switch {
	case typ != nil:
		return pointeeTypeName(typ, src)
	case value != nil:
		return valueType(value, src)
	}
	return ""
}

// declaration finds what declares the variable v names: the type written
// for it (a let's annotation, a parameter's type), or else the value of
// its let; nil, nil when v is no variable or neither is found.
func declaration(v *Node, src []byte) (typ, value *Node) {
	if v == nil || v.Kind != "identifier" {
		return nil, nil
	}
	name := v.Text(src)
	for x := v.Parent; x != nil; x = x.Parent {
		switch x.Kind {
		case "block":
			for _, it := range x.NamedChildren() {
				if it.Start >= v.Start {
					break
				}
				if it.Kind != "let_declaration" {
					continue
				}
				pat := it.Child("pattern")
				if pat == nil || pat.Kind != "identifier" || pat.Text(src) != name {
					continue
				}
				if t := it.Child("type"); t != nil {
					return t, nil
				}
				return nil, it.Child("value")
			}
		case "function_item", "closure_expression":
			if ps := x.Child("parameters"); ps != nil {
				for _, prm := range ps.NamedChildren() {
					if pat, t := prm.Child("pattern"), prm.Child("type"); pat != nil && t != nil && pat.Text(src) == name {
						return t, nil
					}
				}
			}
			if x.Kind == "function_item" {
				return nil, nil
			}
		}
	}
	return nil, nil
}

// localFutureType reports whether a written type holds futures that need
// not be Send: a `dyn Future` without Send, or a LocalBoxFuture
// (`Vec<Pin<Box<dyn Future<Output = ()>>>>`, a hand-written executor's
// task list).
func localFutureType(t string) bool {
	if strings.Contains(t, "LocalBoxFuture") {
		return true
	}
	return strings.Contains(t, "dyn") && strings.Contains(t, "Future") && !strings.Contains(t, "Send") && !strings.Contains(t, "BoxFuture")
}

// valueType reads the type a value visibly builds (constructedType),
// through `Rc::new(..)`, `Arc::new(..)` and `Box::new(..)`.
func valueType(v *Node, src []byte) string {
	for v != nil && v.Kind == "call_expression" {
		switch CalleePath(v, src) {
		case "Rc::new", "Arc::new", "Box::new", "std::rc::Rc::new", "std::sync::Arc::new":
			as := v.Child("arguments").NamedChildren()
			if len(as) != 1 {
				return ""
			}
			v = as[0]
			continue
		}
		break
	}
	if v == nil {
		return ""
	}
	return upperName(constructedType(v, src))
}

func hasSelfParam(fn *Node) bool {
	params := fn.Child("parameters")
	if params == nil {
		return false
	}
	for _, c := range params.Children {
		if c.Kind == "self_parameter" {
			return true
		}
		// A typed receiver: `self: Rc<Self>`, `self: Arc<Self>`.
		if pat := c.Child("pattern"); c.Kind == "parameter" && pat != nil && pat.Kind == "self" {
			return true
		}
	}
	return false
}

// Uncalled returns the names of the file's async fns that no code of the
// file calls: whether their futures must be Send depends on other files
// (LinkPackage).
func (a *SendAnalysis) Uncalled() []string {
	var out []string
	for name, fns := range a.fns {
		for _, fn := range fns {
			if len(a.callers[fn]) == 0 && !a.macroSpawned[fn] && !a.fnAlwaysSend(fn) && !a.fnNeverSend(fn) {
				out = append(out, name)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// extCall is a call of an async fn written in another file: a call
// expression, or a name in a macro's arguments.
type extCall struct {
	in   *SendAnalysis
	call *Node
}

// LinkPackage lets the analyses of files of one package see each other's
// calls. An async fn that no code of its own file calls, but other files
// do, must be Send only when one of those calls needs it (a module's fn
// awaited only from #[tokio::main] need not be); with no caller anywhere,
// it still must (a library's API: its users may spawn it). Calls are
// matched by name, as within a file. An analysis already asked is solved
// again, with the others.
func LinkPackage(as []*SendAnalysis) {
	byName := map[string][]extCall{}
	for _, b := range as {
		for _, c := range b.calls {
			byName[CalleeName(c, b.src)] = append(byName[CalleeName(c, b.src)], extCall{b, c})
		}
	}
	for _, a := range as {
		a.external = map[*Node][]extCall{}
		a.peers = as
		a.done = false
		for name, fns := range a.fns {
			for _, fn := range fns {
				if len(a.callers[fn]) > 0 || a.macroSpawned[fn] {
					continue
				}
				for _, ec := range byName[name] {
					if ec.in != a && callMatches(ec.call, fn, ec.in.src, a.src) {
						a.external[fn] = append(a.external[fn], ec)
					}
				}
				for _, b := range as {
					if b == a {
						continue
					}
					for _, mc := range b.macroCalls {
						if mc.name != name || !mc.names(fn) {
							continue
						}
						if b.spawnedInMacro(mc.ident) {
							a.macroSpawned[fn] = true
							continue
						}
						a.external[fn] = append(a.external[fn], extCall{b, mc.ident})
					}
				}
			}
		}
	}
}

// Required reports whether the future of the async context ctx must be Send.
func (a *SendAnalysis) Required(ctx *Node) bool {
	if !a.done {
		if a.peers != nil {
			solvePackage(a.peers)
		} else {
			solvePackage([]*SendAnalysis{a})
		}
	}
	if ctx.Kind == "function_item" {
		return a.required[ctx]
	}
	return a.valueRequired(ctx)
}

// solvePackage computes the least fixed point of "fn must be Send" over
// the analyses (one file's, or a linked package's): true when the fn is a
// #[async_trait] method, has no visible caller, or a call site puts its
// future where Send is required.
func solvePackage(as []*SendAnalysis) {
	for _, a := range as {
		a.done = true // enclosingRequired reads the fixed point as it grows
		for _, list := range a.fns {
			for _, fn := range list {
				a.required[fn] = a.fnAlwaysSend(fn) || a.macroSpawned[fn] || (len(a.callers[fn]) == 0 && len(a.external[fn]) == 0 && !a.fnNeverSend(fn))
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range as {
			for _, list := range a.fns {
				for _, fn := range list {
					if a.required[fn] || a.fnNeverSend(fn) {
						continue
					}
					needed := false
					for _, call := range a.callers[fn] {
						needed = needed || a.valueRequired(call)
					}
					for _, ec := range a.external[fn] {
						needed = needed || ec.in.valueRequired(ec.call)
					}
					if needed {
						a.required[fn] = true
						changed = true
					}
				}
			}
		}
	}
}

// fnNeverSend: entry points whose future runs on the current thread.
func (a *SendAnalysis) fnNeverSend(fn *Node) bool {
	for _, attr := range Attributes(fn, a.src) {
		if strings.Contains(attr, "::main") || strings.Contains(attr, "::test") || attr == "#[test]" {
			return true
		}
	}
	if asyncTraitAttr(fn, a.src) == "?Send" {
		return true
	}
	return false
}

func (a *SendAnalysis) fnAlwaysSend(fn *Node) bool {
	return asyncTraitAttr(fn, a.src) == "Send"
}

// asyncTraitAttr returns "Send" for a method of a #[async_trait] impl or
// trait, "?Send" for #[async_trait(?Send)], "" otherwise.
func asyncTraitAttr(fn *Node, src []byte) string {
	decl := fn.Parent
	if decl == nil || decl.Kind != "declaration_list" || decl.Parent == nil {
		return ""
	}
	for _, attr := range Attributes(decl.Parent, src) {
		if strings.Contains(attr, "async_trait(?Send)") {
			return "?Send"
		}
		if strings.Contains(attr, "async_trait") {
			return "Send"
		}
	}
	return ""
}

// valueRequired decides whether a future-valued expression (an async block,
// an async closure or a call of an async fn) must be Send, from where the
// value goes.
func (a *SendAnalysis) valueRequired(expr *Node) bool {
	n := expr
	for {
		p := n.Parent
		if p == nil {
			return true
		}
		switch p.Kind {
		case "parenthesized_expression", "field_expression", "call_expression":
			if p.Kind == "call_expression" && p.Child("function") == n {
				// `(async || {..})()` or `fut.boxed()`: follow the call.
				switch CalleeName(p, a.src) {
				case "boxed_local":
					return false
				case "boxed":
					return true
				}
				n = p
				continue
			}
			if p.Kind == "field_expression" {
				n = p
				continue
			}
			if p.Kind == "parenthesized_expression" {
				n = p
				continue
			}
		case "arguments":
			call := p.Parent
			if call == nil {
				return true
			}
			name := CalleeName(call, a.src)
			if localExecutors[name] || a.local[name] {
				return false
			}
			switch CalleePath(call, a.src) {
			case "Box::pin", "Box::new", "Pin::new", "std::boxed::Box::pin", "std::boxed::Box::new":
				n = call // boxed where it goes
				continue
			}
			if f := call.Child("function"); f != nil && f.Kind == "field_expression" {
				// `tasks.push(fut)` into a variable whose written type
				// holds futures without Send.
				if typ, _ := declaration(f.Child("value"), a.src); typ != nil && localFutureType(typ.Text(a.src)) {
					return false
				}
			}
			if a.localWrappers[name] && !strings.HasPrefix(CalleePath(call, a.src), "tokio::") && !strings.HasPrefix(CalleePath(call, a.src), "std::") {
				return false // the file's own `spawn` that runs it on a LocalSet
			}
			if a.paramLocal(call, name, n) && !a.spawners[name] {
				return false // a fn of this file taking the future without Send (its own executor's spawn)
			}
			if sendSpawners[name] || a.spawners[name] {
				return true
			}
			if a.paramNeedsSend(call, name, n) {
				return true // a fn of this file whose parameter is bound by Send
			}
			return a.enclosingRequired(call)
		case "await_expression":
			return a.enclosingRequired(p)
		case "token_tree":
			// In a macro's arguments: given to a spawner or a local
			// executor written there (`println!("{}", rt.block_on(f()))`),
			// else join!/select!/pin! arguments are awaited in place.
			if send, ok := a.executorInMacro(n); ok {
				return send
			}
			return a.enclosingRequired(p)
		case "let_declaration":
			if t := p.Child("type"); t != nil && localFutureType(t.Text(a.src)) {
				return false // `let t: Pin<Box<dyn Future<Output = ()>>> = Box::pin(f())`
			}
			return a.bindingRequired(p)
		case "block":
			if p.Parent != nil && (p.Parent.Kind == "function_item") && isTail(n) {
				return a.returnedRequired(p.Parent)
			}
			return a.enclosingRequired(p)
		case "closure_expression":
			// A closure returning the future: where does the closure go?
			n = p
			continue
		case "return_expression":
			if fn := p.Ancestor("function_item"); fn != nil {
				return a.returnedRequired(fn)
			}
			return true
		}
		return a.enclosingRequired(n)
	}
}

// enclosingRequired: a value awaited or used in place inherits the
// requirement of the context it runs in.
func (a *SendAnalysis) enclosingRequired(n *Node) bool {
	ctx := ContextOf(n, a.src)
	if ctx == nil {
		return true
	}
	if !IsAsync(ctx, a.src) {
		// Built in sync code and handed on: we cannot see where it goes.
		return true
	}
	if ctx.Kind == "function_item" {
		return a.required[ctx]
	}
	return a.valueRequired(ctx)
}

// bindingRequired follows `let fut = async {..};` to the uses of fut.
func (a *SendAnalysis) bindingRequired(let *Node) bool {
	pat := let.Child("pattern")
	if pat == nil || pat.Kind != "identifier" {
		return true
	}
	name := pat.Text(a.src)
	block := let.Parent
	if block == nil {
		return true
	}
	used := false
	required := false
	for _, s := range block.Children[let.Index+1:] {
		s.Walk(func(x *Node) bool {
			if x.Kind == "identifier" && x.Text(a.src) == name && x.Parent != nil {
				used = true
				if a.valueRequired(x) {
					required = true
				}
			}
			return !required
		})
	}
	return required || !used
}

// returnedRequired: a future returned from a fn must be Send when the fn's
// return type says so, or when its callers need it.
func (a *SendAnalysis) returnedRequired(fn *Node) bool {
	if a.returning[fn] {
		return false // its other callers decide
	}
	if a.returning == nil {
		a.returning = map[*Node]bool{}
	}
	a.returning[fn] = true
	defer delete(a.returning, fn)
	return a.returnedRequiredOnce(fn)
}

func (a *SendAnalysis) returnedRequiredOnce(fn *Node) bool {
	if rt := fn.Child("return_type"); rt != nil {
		t := rt.Text(a.src)
		if strings.Contains(t, "Send") {
			return true
		}
		if localFutureType(t) {
			return false // `-> Pin<Box<dyn Future<Output = T>>>`, LocalBoxFuture
		}
	}
	if a.fnNeverSend(fn) {
		return false
	}
	name := fn.Child("name")
	if name == nil {
		return true
	}
	var calls []*Node
	a.root.Walk(func(x *Node) bool {
		if x.Kind == "call_expression" && CalleeName(x, a.src) == name.Text(a.src) && callMatches(x, fn, a.src, a.src) && !fn.Contains(x) {
			calls = append(calls, x)
		}
		return true
	})
	if len(calls) == 0 {
		return true
	}
	for _, c := range calls {
		if a.valueRequired(c) {
			return true
		}
	}
	return false
}

// isTail reports whether n is the tail expression of its block.
func isTail(n *Node) bool {
	p := n.Parent
	if p == nil || p.Kind != "block" || !n.Named {
		return false
	}
	for i := len(p.Children) - 1; i >= 0; i-- {
		c := p.Children[i]
		if !c.Named || c.Kind == "line_comment" || c.Kind == "block_comment" {
			continue
		}
		return c == n && isExpression(c)
	}
	return false
}

// IsTail is isTail for other packages.
func IsTail(n *Node) bool { return isTail(n) }

func isExpression(n *Node) bool {
	switch n.Kind {
	case "expression_statement", "let_declaration", "empty_statement", "function_item", "use_declaration",
		"struct_item", "enum_item", "impl_item", "trait_item", "const_item", "static_item", "type_item",
		"mod_item", "macro_definition", "attribute_item", "inner_attribute_item":
		return false
	}
	return true
}
