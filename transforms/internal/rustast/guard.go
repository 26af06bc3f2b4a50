package rustast

import (
	"bytes"
	"strings"
)

// GuardKind names what a guard-producing expression yields.
type GuardKind struct {
	Type   string // e.g. "std::sync::MutexGuard"
	Method string // lock, read, write, borrow, borrow_mut, ...
	// Manual, when set, is the remedy for a value that must not simply be
	// scoped (a tracing span guard: the events after the await would leave
	// the span).
	Manual string
}

// guardMethods are the zero-argument calls whose result holds a !Send
// guard: std::sync and parking_lot locks and RefCell borrows.
var guardMethods = map[string]string{
	"lock":            "MutexGuard",
	"try_lock":        "MutexGuard",
	"read":            "RwLockReadGuard",
	"try_read":        "RwLockReadGuard",
	"write":           "RwLockWriteGuard",
	"try_write":       "RwLockWriteGuard",
	"upgradable_read": "RwLockUpgradableReadGuard",
	"borrow":          "Ref",
	"try_borrow":      "Ref",
	"borrow_mut":      "RefMut",
	"try_borrow_mut":  "RefMut",
	// tokio's watch::Receiver: a read lock on the channel's value.
	"borrow_and_update": "Ref",
}

// unwrappers turn a LockResult / BorrowResult into the guard.
var unwrappers = map[string]bool{"unwrap": true, "expect": true, "unwrap_or_else": true, "unwrap_unchecked": true}

// FileFacts are the few file-wide facts guard detection needs.
type FileFacts struct {
	ParkingLot bool // parking_lot's types are in scope: lock() returns the guard
	RwLock     bool // the file names an RwLock: read()/write() may be its guards
	Watch      bool // the file uses tokio::sync::watch: borrow() is a watch::Ref
	TokioLocks bool // the file uses tokio::sync locks
	StdLocks   bool // the file names std::sync::Mutex or RwLock
	RefCell    bool
}

// ScanFacts reads the facts from the source text.
func ScanFacts(src []byte) FileFacts {
	s := string(src)
	return FileFacts{
		ParkingLot: strings.Contains(s, "parking_lot"),
		TokioLocks: strings.Contains(s, "tokio::sync") || strings.Contains(s, "futures::lock"),
		StdLocks:   namesStdLock(s),
		RefCell:    strings.Contains(s, "RefCell"),
		RwLock:     strings.Contains(s, "RwLock"),
		Watch:      strings.Contains(s, "watch::") || strings.Contains(s, "watch::{"),
	}
}

// namesStdLock reports whether the source names std's Mutex or RwLock,
// by path or through a `use std::sync` tree.
func namesStdLock(s string) bool {
	if strings.Contains(s, "sync::Mutex") || strings.Contains(s, "sync::RwLock") {
		return !strings.Contains(s, "tokio::sync::Mutex") || strings.Count(s, "sync::Mutex") > strings.Count(s, "tokio::sync::Mutex")
	}
	for rest := s; ; {
		i := strings.Index(rest, "std::sync::{")
		if i < 0 {
			return false
		}
		rest = rest[i:]
		end := strings.Index(rest, "}")
		if end < 0 {
			return false
		}
		tree := rest[:end]
		if strings.Contains(tree, "Mutex") || strings.Contains(tree, "RwLock") {
			return true
		}
		rest = rest[end:]
	}
}

// unwrappedBy returns the expression that takes the value out of call's
// Result or Option: `call?`, `call.unwrap()`, `call.expect(..)`; nil when
// none does at once.
func unwrappedBy(call *Node, src []byte) *Node {
	if p := call.Parent; p != nil && p.Kind == "try_expression" {
		return p
	}
	if outer, name := CalledOn(call, src); unwrappers[name] {
		return outer
	}
	return nil
}

// CalledOn returns the method call made on call's value (`call.name(..)`)
// and the method's name, or nil and "".
func CalledOn(call *Node, src []byte) (*Node, string) {
	fe := call.Parent
	if fe == nil || fe.Kind != "field_expression" || fe.Child("value") != call {
		return nil, ""
	}
	outer := fe.Parent
	if outer == nil || outer.Kind != "call_expression" || outer.Child("function") != fe {
		return nil, ""
	}
	_, name, _, _ := MethodCall(outer, src)
	return outer, name
}

// Guard is one expression that produces a !Send guard.
type Guard struct {
	Call     *Node // the `recv.lock()` call
	Producer *Node // the expression whose value is the guard (after unwrap), or the call itself
	Receiver *Node // the lock or RefCell expression
	Kind     GuardKind
	// Wrapped is true when Producer yields a Result holding the guard
	// (`m.lock()` of std, matched with `Ok(g)`).
	Wrapped bool
}

// FindGuards returns the guard-producing expressions in the tree.
func FindGuards(t *Tree, facts FileFacts) []Guard {
	var out []Guard
	accessors := guardAccessors(t)
	t.Root.Walk(func(n *Node) bool {
		if n.Kind != "call_expression" {
			return true
		}
		recv, name, args, ok := MethodCall(n, t.Src)
		if !ok || ArgCount(args) != 0 || recv == nil {
			return true
		}
		typ, ok := guardMethods[name]
		if !ok {
			if acc, ok := accessors[name]; ok {
				// `app.state()` of `fn state(&self) -> MutexGuard<'_, T>`:
				// the guard itself, or what unwraps it (`obj.guard()?`). No
				// lock to switch (Receiver nil): only scoping applies.
				prod := n
				if acc.wrapped {
					prod = unwrappedBy(n, t.Src)
				}
				if prod != nil {
					out = append(out, Guard{Call: n, Producer: prod, Kind: acc.kind})
				}
			}
			return true
		}
		if g, ok := classifyGuard(n, recv, name, typ, t.Src, facts); ok {
			out = append(out, g)
		}
		return true
	})
	out = append(out, builtinNonSend(t)...)
	return append(out, nonSendBindings(t, out)...) // sendfix.toml non-send-types (hints.go)
}

func classifyGuard(call, recv *Node, method, typ string, src []byte, facts FileFacts) (Guard, bool) {
	g := Guard{Call: call, Receiver: recv, Producer: call}
	if method == "lock" {
		if std := stdStream(recv, src); std != "" {
			// `io::stdout().lock()`: a StdoutLock, not a Mutex's guard;
			// there is no lock to switch (Receiver nil), only scoping.
			g.Receiver = nil
			g.Kind = GuardKind{Type: "std::io::" + std + "Lock", Method: method}
			return g, true
		}
	}
	refcell := strings.Contains(method, "borrow")
	tokioOnly := facts.TokioLocks && !facts.StdLocks && !facts.ParkingLot
	switch {
	case method == "borrow_and_update":
		if !facts.Watch {
			return g, false
		}
		g.Kind = GuardKind{Type: "tokio::sync::watch::Ref", Method: method}
	case refcell && facts.RefCell:
		g.Kind = GuardKind{Type: "std::cell::" + typ, Method: method}
	case method == "borrow" && facts.Watch:
		g.Kind = GuardKind{Type: "tokio::sync::watch::Ref", Method: method}
	case refcell:
		return g, false // Borrow::borrow, not a RefCell
	case (strings.Contains(method, "read") || strings.Contains(method, "write")) && !facts.RwLock && !unwrapped(call, src):
		// Some other type's read()/write(); but `x.read().unwrap()` with
		// no argument is a std RwLock's, declared in another file.
		return g, false
	case strings.HasPrefix(method, "try_") && tokioOnly:
		return g, false // tokio's try_lock/try_read: a Send guard
	default:
		prefix := "std::sync::"
		if facts.ParkingLot && !facts.StdLocks {
			prefix = "parking_lot::"
		}
		g.Kind = GuardKind{Type: prefix + typ, Method: method}
	}
	parent := call.Parent
	// `m.lock().await`: an async lock; its guard is Send.
	if parent != nil && parent.Kind == "await_expression" {
		return g, false
	}
	if fe := parent; fe != nil && fe.Kind == "field_expression" && fe.Child("value") == call {
		if outer := fe.Parent; outer != nil && outer.Kind == "call_expression" && outer.Child("function") == fe {
			_, name, _, _ := MethodCall(outer, src)
			if unwrappers[name] {
				g.Producer = outer
				return g, true
			}
		}
	}
	if parent != nil && parent.Kind == "try_expression" {
		g.Producer = parent
		return g, true
	}
	// `m.lock().map_err(..)?`
	if fe := parent; fe != nil && fe.Kind == "field_expression" && fe.Child("value") == call {
		if outer := fe.Parent; outer != nil && outer.Kind == "call_expression" && outer.Child("function") == fe {
			if _, name, _, _ := MethodCall(outer, src); name == "map_err" && outer.Parent != nil && outer.Parent.Kind == "try_expression" {
				g.Producer = outer.Parent
				return g, true
			}
		}
	}
	// `match m.lock() { Ok(g) => g, Err(poisoned) => poisoned.into_inner() }`:
	// the guard, poisoned or not.
	if m := parent; m != nil && m.Kind == "match_expression" && m.Child("value") == call && recoversPoison(m, src) {
		g.Producer = m
		return g, true
	}
	// A bare call: the guard itself (parking_lot, RefCell::borrow) or a
	// Result holding it (std).
	switch {
	case refcell && !strings.HasPrefix(method, "try_"):
	case g.Kind.Type == "tokio::sync::watch::Ref":
	case facts.ParkingLot && !strings.HasPrefix(method, "try_") && !(facts.StdLocks && okMatched(call, src)):
		g.Kind.Type = "parking_lot::" + typ
	default:
		if facts.TokioLocks && !facts.StdLocks && !refcell {
			return g, false // tokio's try_lock: a Send guard
		}
		g.Wrapped = true
	}
	return g, true
}

// stdStream returns "Stdout", "Stderr" or "Stdin" when recv is the
// standard stream (`io::stdout()`, or a variable named after it, which is
// how it is written), else "".
func stdStream(recv *Node, src []byte) string {
	name := ""
	switch recv.Kind {
	case "call_expression":
		if fn := recv.Child("function"); fn != nil && ArgCount(recv.Child("arguments")) == 0 {
			name = Compact(fn.Text(src))
			if i := strings.LastIndex(name, "::"); i >= 0 {
				if p := name[:i]; p != "io" && p != "std::io" {
					return ""
				}
				name = name[i+2:]
			}
		}
	case "identifier":
		name = recv.Text(src)
	}
	switch name {
	case "stdout", "stderr", "stdin":
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return ""
}

// Short returns the guard type without its path, for messages.
func (k GuardKind) Short() string {
	if i := strings.LastIndex(k.Type, "::"); i >= 0 {
		return k.Type[i+2:]
	}
	return k.Type
}

// recoversPoison reports whether a match on a lock result yields the
// guard from both arms: `Ok(g) => g` and `Err(e) => e.into_inner()`.
func recoversPoison(m *Node, src []byte) bool {
	body := m.Child("body")
	if body == nil {
		return false
	}
	ok, err := false, false
	for _, arm := range body.NamedChildren() {
		if arm.Kind != "match_arm" {
			continue
		}
		pat, val := arm.Child("pattern"), arm.Child("value")
		if pat == nil || val == nil {
			return false
		}
		if val.Kind == "block" {
			// `Err(p) => { log(..); p.into_inner() }`: the block's value.
			if items := val.NamedChildren(); len(items) > 0 {
				val = items[len(items)-1]
			}
		}
		p, v := Compact(pat.Text(src)), Compact(val.Text(src))
		v = strings.TrimSuffix(strings.TrimPrefix(v, "{"), "}")
		switch {
		case strings.HasPrefix(p, "Ok(") && strings.HasSuffix(p, ")") && v == p[3:len(p)-1]:
			ok = true
		case strings.HasPrefix(p, "Err(") && strings.HasSuffix(p, ")") && v == p[4:len(p)-1]+".into_inner()":
			err = true
		default:
			return false
		}
	}
	return ok && err
}

// Compact is s without whitespace: how paths and receivers compare as written.
func Compact(s string) string { return strings.Join(strings.Fields(s), "") }

// builtinNonSend finds let-bound values of well-known non-Send types that
// are not guards: rand's ThreadRng (`let mut rng = rand::thread_rng();`),
// scoped like a guard, and tracing's EnteredSpan (`let _s =
// span.entered();`), reported with its remedy only.
func builtinNonSend(t *Tree) []Guard {
	var out []Guard
	t.Root.Walk(func(n *Node) bool {
		if n.Kind != "let_declaration" {
			return true
		}
		v := n.Child("value")
		if v == nil || v.Kind != "call_expression" {
			return true
		}
		if _, name, args, ok := MethodCall(v, t.Src); ok && name == "entered" && ArgCount(args) == 0 {
			out = append(out, Guard{Call: v, Producer: v, Kind: GuardKind{Type: "tracing::span::EnteredSpan", Method: "entered",
				Manual: "a span entered across an .await is left on the wrong task: instrument the future instead (`fut.instrument(span)`, or #[tracing::instrument])"}})
			return true
		}
		fn := v.Child("function")
		if fn == nil || ArgCount(v.Child("arguments")) != 0 {
			return true
		}
		switch path := Compact(fn.Text(t.Src)); {
		case path == "LocalSet::new" || strings.HasSuffix(path, "::LocalSet::new"):
			out = append(out, Guard{Call: v, Producer: v, Kind: GuardKind{Type: "tokio::task::LocalSet", Method: "LocalSet",
				Manual: "a LocalSet is not Send: drive it on a thread of its own (spawn_blocking, then a current-thread runtime's block_on(local.run_until(..))) instead of inside a task that must be Send"}})
		case path == "thread_rng" || strings.HasSuffix(path, "::thread_rng") || path == "rand::rng":
			out = append(out, Guard{Call: v, Producer: v, Kind: GuardKind{Type: "rand::rngs::ThreadRng", Method: "thread_rng"}})
		}
		return true
	})
	return out
}

// okMatched reports whether a lock call's result is matched against
// `Ok(..)` (`if let Ok(g) = m.lock()`, `match m.lock() { Ok(g) => .. }`):
// a std lock's LockResult, where a file uses parking_lot's locks too.
func okMatched(call *Node, src []byte) bool {
	p := call.Parent
	switch {
	case p == nil:
		return false
	case p.Kind == "let_condition" || p.Kind == "let_declaration":
		pat := p.Child("pattern")
		return pat != nil && strings.HasPrefix(Compact(pat.Text(src)), "Ok(")
	case p.Kind == "match_expression" && p.Child("value") == call:
		if body := p.Child("body"); body != nil {
			for _, arm := range body.NamedChildren() {
				if pat := arm.Child("pattern"); pat != nil && strings.HasPrefix(Compact(pat.Text(src)), "Ok(") {
					return true
				}
			}
		}
	}
	return false
}

// unwrapped reports whether call's result is unwrapped right away
// (`.unwrap()`, `.expect(..)`).
func unwrapped(call *Node, src []byte) bool {
	_, name := CalledOn(call, src)
	return name == "unwrap" || name == "expect"
}

// accessor is a method of the file that returns a guard, in a Result or
// Option when wrapped (the guard is then what unwraps it).
type accessor struct {
	kind    GuardKind
	wrapped bool
}

// guardAccessors returns the methods of the file that return a guard
// (`fn state(&self) -> MutexGuard<'_, T>`), by name, with the guard's kind.
func guardAccessors(t *Tree) map[string]accessor {
	out := map[string]accessor{}
	t.Root.Walk(func(n *Node) bool {
		if n.Kind != "function_item" {
			return true
		}
		name, ret := n.Child("name"), n.Child("return_type")
		if name == nil || ret == nil || !hasSelfParam(n) {
			return true
		}
		wrapped := false
		if ret.Kind == "generic_type" {
			// `-> Result<RwLockWriteGuard<'_, T>, E>` (or Option, LockResult):
			// the guard once unwrapped (`?`, .unwrap(), .expect(..)).
			switch typeName(ret, t.Src) {
			case "Result", "Option", "LockResult":
				if args := ret.Child("type_arguments"); args != nil {
					for _, a := range args.NamedChildren() {
						if a.Kind != "lifetime" {
							ret, wrapped = a, true
							break
						}
					}
				}
			}
		}
		r := Compact(ret.Text(t.Src))
		if i := strings.IndexByte(r, '<'); i >= 0 {
			r = r[:i]
		}
		seg := r[strings.LastIndex(r, ":")+1:]
		// Only std's (or parking_lot's) guard types: a crate may name its
		// own Send guard RwLockWriteGuard (async-lock does).
		if !stdGuardType(t, r, seg) {
			return true
		}
		switch seg {
		case "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard":
			prefix := "std::sync::"
			if strings.Contains(r, "parking_lot") {
				prefix = "parking_lot::"
			} else if strings.Contains(r, "tokio") {
				return true // tokio's guards are Send
			}
			out[name.Text(t.Src)] = accessor{GuardKind{Type: prefix + seg, Method: "lock"}, wrapped}
		case "Ref", "RefMut":
			method := "borrow"
			if seg == "RefMut" {
				method = "borrow_mut"
			}
			out[name.Text(t.Src)] = accessor{GuardKind{Type: "std::cell::" + seg, Method: method}, wrapped}
		}
		return true
	})
	return out
}

// stdGuardType reports whether a return type written r (last segment seg)
// is std's or parking_lot's guard: written with that path, or imported
// from there, and not a type the file declares itself.
func stdGuardType(t *Tree, r, seg string) bool {
	src := t.Src // not copied to a string: this runs for every let of a typed file
	if bytes.Contains(src, []byte("struct "+seg)) {
		return false
	}
	if strings.Contains(r, "sync::") || strings.Contains(r, "cell::") || strings.Contains(r, "parking_lot::") {
		return true
	}
	for _, from := range []string{"std::sync", "std::cell", "core::cell", "parking_lot"} {
		if bytes.Contains(src, []byte("use "+from)) && bytes.Contains(src, []byte(seg)) {
			return true
		}
	}
	return false
}
