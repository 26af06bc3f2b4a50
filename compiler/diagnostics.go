// Package compiler connects sendfix to rustc: it reads the JSON diagnostics
// of `cargo check --message-format=json`, maps each "future cannot be sent
// between threads safely" error to the pass that owns the non-Send value,
// runs cargo itself, and verifies fixes by compiling them in a scratch copy
// of the workspace, backing out every fix that introduces a new error.
package compiler

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Span is a source range rustc points at.
type Span struct {
	File            string // absolute path
	Start, End      int    // byte offsets
	Line, Col       int    // 1-based
	EndLine, EndCol int
	Label           string
}

// Report is one Send error: the non-Send value and the await (or capture)
// that makes the future !Send.
type Report struct {
	Message string // rustc's headline
	Type    string // the non-Send type, from "has type `T` which is not `Send`" or the message
	// Root is the innermost type rustc blames: "the trait `Send` (or
	// `Sync`) is not implemented for `dyn Plugin`" inside an Arc<Registry>.
	Root    string
	Value   *Span // the value held across the await, or the captured value
	Await   *Span // the await, when the value is held across one
	Primary Span  // where the Send bound is required (the spawn)
	// Within is the innermost async fn body, async block or closure that
	// rustc says holds the value, when it names no value: E0277 "`T`
	// cannot be sent between threads safely" for a future of another
	// crate of the workspace, or a value captured by a closure.
	Within   *Span
	Captured bool // "captured value is not `Send`"
	// Param is the generic type parameter rustc suggests restricting
	// ("consider further restricting type parameter `F` with trait
	// `Send`"): a bound send-bound adds.
	Param    string
	Rendered string
}

// Error is any compiler error, for comparing builds before and after fixes.
type Error struct {
	Message  string
	Code     string // E0308, a lint name, or "" (the Send error has none)
	File     string // absolute path of the primary span, "" if none
	Line     int
	Send     bool // a "cannot be sent (or shared) between threads safely" error
	Rendered string
}

// Key identifies an error across edits that move lines around.
func (e Error) Key() string { return e.File + "\x00" + e.Message }

type jsonSpan struct {
	FileName    string `json:"file_name"`
	ByteStart   int    `json:"byte_start"`
	ByteEnd     int    `json:"byte_end"`
	LineStart   int    `json:"line_start"`
	LineEnd     int    `json:"line_end"`
	ColumnStart int    `json:"column_start"`
	ColumnEnd   int    `json:"column_end"`
	IsPrimary   bool   `json:"is_primary"`
	Label       string `json:"label"`
	// Expansion is the macro call a span inside a macro's expansion came
	// from.
	Expansion *struct {
		Span *jsonSpan `json:"span"`
	} `json:"expansion"`
}

type jsonMessage struct {
	Message  string                 `json:"message"`
	Code     *struct{ Code string } `json:"code"`
	Level    string                 `json:"level"`
	Spans    []jsonSpan             `json:"spans"`
	Children []jsonMessage          `json:"children"`
	Rendered string                 `json:"rendered"`
}

type cargoLine struct {
	Reason       string      `json:"reason"`
	ManifestPath string      `json:"manifest_path"`
	Message      jsonMessage `json:"message"`
}

var (
	hasTypeRe = regexp.MustCompile("has type `(.+)` which is not `Send`")
	// "future is not `Send` as it awaits another future which is not
	// `Send`": the awaited value's type, on the await's label.
	awaitsTypeRe = regexp.MustCompile("^await occurs here on type `(.+)`, which is not `Send`")
	// projectionRe is a generic parameter's associated type.
	projectionRe  = regexp.MustCompile(`^<\w+ as [^>]+(?:<.*>)?>::\w+$`)
	restrictRe    = regexp.MustCompile("^consider (?:further )?restricting (?:type parameter|this bound) `(\\w+)`")
	notSendRe     = regexp.MustCompile("^`(.+)` cannot be (?:sent|shared) between threads safely$")
	satisfySendRe = regexp.MustCompile("cannot satisfy `(.+): Send`$")
	// "`?` couldn't convert the error: `(dyn Error + Send + 'static): Sync`
	// is not satisfied": the error `?` converts must be Send or Sync.
	convertSendRe = regexp.MustCompile("^`\\?` couldn't convert the error: `(.+): (?:Send|Sync)` is not satisfied$")
	cellRe        = regexp.MustCompile("(^|[^A-Za-z0-9_])(Ref)?Cell<")
	sendNotImp    = regexp.MustCompile("the trait `(?:(?:std|core)::marker::)?(Send|Sync)` is not implemented for `(.+)`$")
)

// Parse reads cargo's JSON messages (other lines are ignored) and returns
// the Send errors and all errors. Relative file names are resolved against
// the directory of the reporting package's manifest and its ancestors (rustc
// reports them relative to the workspace root).
func Parse(r io.Reader) ([]Report, []Error, error) {
	var reports []Report
	var errs []Error
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var cl cargoLine
		if err := json.Unmarshal(line, &cl); err != nil {
			continue
		}
		if cl.Reason != "compiler-message" || cl.Message.Level != "error" {
			continue
		}
		m := cl.Message
		if strings.HasPrefix(m.Message, "aborting due to") || strings.HasPrefix(m.Message, "could not compile") {
			continue
		}
		// The same error is printed once per target that includes the file.
		if seen[m.Rendered] && m.Rendered != "" {
			continue
		}
		seen[m.Rendered] = true
		base := filepath.Dir(cl.ManifestPath)
		resolve := func(s jsonSpan) Span {
			// Inside another crate's macro (a static lazy_static!
			// declares): the invocation in the user's code.
			for filepath.IsAbs(s.FileName) && s.Expansion != nil && s.Expansion.Span != nil {
				s = *s.Expansion.Span
			}
			return Span{File: resolveFile(base, s.FileName), Start: s.ByteStart, End: s.ByteEnd,
				Line: s.LineStart, Col: s.ColumnStart, EndLine: s.LineEnd, EndCol: s.ColumnEnd, Label: s.Label}
		}
		e := Error{Message: m.Message, Rendered: m.Rendered}
		if m.Code != nil {
			e.Code = m.Code.Code
		}
		for _, s := range m.Spans {
			if s.IsPrimary {
				sp := resolve(s)
				e.File, e.Line = sp.File, sp.Line
				break
			}
		}
		// Not Send, or not Sync where a reference to it goes to another
		// thread (an Arc<Cell<u64>> given to thread::spawn).
		// "type annotations needed: cannot satisfy `impl Future<Output =
		// ()>: Send`": an async fn's own future, spawned from its body.
		satisfy := satisfySendRe.FindStringSubmatch(m.Message)
		convert := convertSendRe.FindStringSubmatch(m.Message)
		isSend := strings.Contains(m.Message, "cannot be sent between threads safely") ||
			strings.Contains(m.Message, "cannot be shared between threads safely") || satisfy != nil || convert != nil
		e.Send = isSend
		errs = append(errs, e)
		if !isSend {
			continue
		}
		rep := Report{Message: m.Message, Rendered: m.Rendered}
		for _, s := range m.Spans {
			if s.IsPrimary {
				rep.Primary = resolve(s)
			}
		}
		if mm := notSendRe.FindStringSubmatch(m.Message); mm != nil {
			rep.Type = mm[1]
		}
		if convert != nil {
			rep.Type = strings.TrimSuffix(strings.TrimPrefix(convert[1], "("), ")")
		}
		if satisfy != nil {
			rep.Type = satisfy[1]
			v := rep.Primary
			rep.Value = &v // the call whose future is not known to be Send
		}
		// "future is not `Send` as it awaits another future which is not
		// `Send`": the awaited value, when nothing better names the value.
		var awaited *Span
		var awaitedType string
		for _, c := range m.Children {
			if strings.Contains(c.Message, "captured value is not `Send`") {
				rep.Captured = true
			}
			if mm := restrictRe.FindStringSubmatch(c.Message); mm != nil && rep.Param == "" {
				rep.Param = mm[1]
			}
			if mm := sendNotImp.FindStringSubmatch(c.Message); mm != nil {
				if rep.Type == "" && mm[1] == "Send" {
					rep.Type = mm[2]
				}
				if rep.Root == "" {
					rep.Root = mm[2]
				}
			}
			if strings.HasPrefix(c.Message, "required because it's used within this") && rep.Within == nil {
				for _, s := range c.Spans {
					if s.IsPrimary {
						sp := resolve(s)
						rep.Within = &sp
						break
					}
				}
				continue
			}
			for _, s := range c.Spans {
				sp := resolve(s)
				switch {
				case strings.HasPrefix(s.Label, "await occurs here"):
					rep.Await = &sp
					if mm := awaitsTypeRe.FindStringSubmatch(s.Label); mm != nil && awaited == nil {
						v := sp
						awaited, awaitedType = &v, mm[1]
					}
				case hasTypeRe.MatchString(s.Label):
					rep.Value = &sp
					rep.Type = hasTypeRe.FindStringSubmatch(s.Label)[1]
				case strings.Contains(c.Message, "captured value is not `Send`") && rep.Value == nil:
					rep.Value = &sp
				}
			}
		}
		if rep.Value == nil && awaited != nil {
			rep.Value = awaited
		}
		if rep.Type == "" {
			rep.Type = awaitedType
		}
		reports = append(reports, rep)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading diagnostics: %w", err)
	}
	sort.SliceStable(reports, func(i, j int) bool {
		a, b := reports[i].anchor(), reports[j].anchor()
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Start < b.Start
	})
	return reports, errs, nil
}

// anchor is where a report is shown: the value, else the body that holds
// it, else the primary span.
func (r Report) anchor() Span {
	if r.Value != nil {
		return *r.Value
	}
	if r.Within != nil && r.Within.EndLine > r.Within.Line {
		return *r.Within
	}
	return r.Primary
}

// resolveFile finds a rustc file name on disk: absolute names as they are,
// relative ones against base and its ancestors.
func resolveFile(base, name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	for dir := base; ; dir = filepath.Dir(dir) {
		cand := filepath.Join(dir, name)
		if _, err := os.Stat(cand); err == nil {
			return cand
		}
		if filepath.Dir(dir) == dir {
			return filepath.Join(base, name)
		}
	}
}

// ReportOwners returns the transforms that fix a report: those owning the
// type held across the await, or the innermost type rustc blames.
func ReportOwners(r Report) []string {
	out := Owners(r.Type)
	if r.Param != "" && len(out) == 0 {
		out = []string{"send-bound"} // a generic parameter's bound
	}
	roots := Owners(r.Root)
	if r.heldUnowned() {
		roots = append(roots, "scope-guard") // see HeldTypes
	}
	for _, o := range roots {
		dup := false
		for _, x := range out {
			dup = dup || x == o
		}
		if !dup {
			out = append(out, o)
		}
	}
	return out
}

// heldUnowned reports whether r names a value held across an await whose
// type no pass owns as a whole (another crate's non-Send type: url's
// form_urlencoded::Serializer, whose root rustc blames is a dyn inside it).
func (r Report) heldUnowned() bool {
	return r.Value != nil && r.Await != nil && !r.Captured && r.Param == "" &&
		len(Owners(r.Type)) == 0 && plainTypeRe.MatchString(r.Type)
}

// plainTypeRe is a type written as a path, with generic arguments or not.
var plainTypeRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*(<.*>)?$`)

// HeldTypes returns the types of the values rustc reports held across an
// await that no pass owns: a guided run treats them as non-Send types
// (rewrite.Analysis.NonSendTypes), so that scope-guard ends a let-bound
// value's scope before the await when it is not used after it, as it does
// for a lock guard.
func HeldTypes(reports []Report) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range reports {
		if r.heldUnowned() && !seen[r.Type] {
			seen[r.Type] = true
			out = append(out, r.Type)
		}
	}
	return out
}

// Owners returns the transforms that fix a non-Send type, or nil when no
// pass owns it.
func Owners(typ string) []string {
	// A reference's pointee (`&impl Label`, `&'a dyn Trait`) decides.
	t := strings.TrimSpace(typ)
	for strings.HasPrefix(t, "&") {
		t = strings.TrimSpace(strings.TrimPrefix(t, "&"))
		if strings.HasPrefix(t, "'") {
			if i := strings.IndexByte(t, ' '); i >= 0 {
				t = t[i+1:]
			}
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "mut "))
	}
	switch {
	case strings.Contains(t, "MutexGuard") || strings.Contains(t, "RwLockReadGuard") ||
		strings.Contains(t, "RwLockWriteGuard") || strings.Contains(t, "RwLockUpgradableReadGuard") ||
		strings.Contains(t, "LockResult") || strings.Contains(t, "PoisonError"):
		if outerPath(t, "tokio::") {
			return nil // tokio's own guard (Send when its contents are), not a Receiver inside a std guard
		}
		return []string{"scope-guard", "async-mutex"}
	case strings.Contains(t, "cell::Ref<") || strings.Contains(t, "cell::RefMut<") || strings.HasPrefix(t, "Ref<") || strings.HasPrefix(t, "RefMut<"):
		return []string{"scope-guard", "rc-to-arc"}
	case cellRe.MatchString(t):
		if strings.Contains(t, "dyn ") {
			return []string{"rc-to-arc", "send-bound"} // Rc<RefCell<Vec<Box<dyn Obs>>>>: the object too
		}
		return []string{"rc-to-arc"} // a Cell or RefCell shared with another thread
	case strings.Contains(t, "Rc<") || strings.Contains(t, "rc::Weak"):
		if strings.Contains(t, "dyn ") {
			// Rc<dyn Any> becomes Arc<dyn Any>, which needs the object
			// Send + Sync too.
			return []string{"rc-to-arc", "send-bound"}
		}
		return []string{"rc-to-arc"}
	case strings.Contains(t, "dyn ") || strings.HasPrefix(t, "impl ") || strings.Contains(t, "<impl "):
		return []string{"send-bound"}
	case t == "ThreadRng" || strings.HasSuffix(t, "::ThreadRng"):
		return []string{"scope-guard"} // scoped, or made a StdRng
	case t == "Self" || t == "Arc<Self>" || t == "std::sync::Arc<Self>":
		return []string{"send-bound"} // a trait's Self: a supertrait
	case t == "EnteredSpan" || strings.HasSuffix(t, "::EnteredSpan"):
		return []string{"scope-guard"} // the rest of the body instrumented with the span
	case strings.HasPrefix(t, "std::sync::mpsc::Iter<") || strings.HasPrefix(t, "std::sync::mpsc::TryIter<"):
		return []string{"scope-guard"} // a loop over a borrowed Receiver: recv() instead
	case projectionRe.MatchString(t):
		return []string{"send-bound"} // `<S as Service<R>>::Future`: a where predicate
	}
	return nil
}

// outerPath reports whether the outermost type of t (before its generic
// arguments) is written with prefix: `tokio::sync::MutexGuard<'_, T>`, not
// `std::sync::MutexGuard<'_, tokio::sync::mpsc::Receiver<T>>`.
func outerPath(t, prefix string) bool {
	if i := strings.IndexByte(t, '<'); i >= 0 {
		t = t[:i]
	}
	return strings.Contains(t, prefix)
}

// Remedy says what to do about a non-Send type no pass fixes.
func Remedy(typ string) string {
	switch {
	case strings.Contains(typ, "ThreadRng"):
		return "ThreadRng is not Send: draw the random values before the .await, or use a Send RNG (rand::rngs::StdRng::from_entropy() or OsRng)"
	case strings.Contains(typ, "EnteredSpan") || strings.Contains(typ, "span::Entered"):
		return "a tracing span guard from span.enter() is held across the .await: instrument the future instead (fut.instrument(span))"
	case strings.Contains(typ, "watch::Ref"):
		return "a tokio::sync::watch borrow is held across the .await: clone the value out (rx.borrow().clone()) and let the borrow end before the await"
	case strings.Contains(typ, "RefCell") || strings.Contains(typ, "Cell<"):
		return "a &RefCell/&Cell is not Send: share the value through Arc<Mutex<T>> (or an atomic) instead"
	case strings.Contains(typ, "*mut") || strings.Contains(typ, "*const") || strings.Contains(typ, "NonNull"):
		return "a raw pointer is not Send: keep it out of the future across the .await (its owner's scope should end before it)"
	case outerPath(typ, "tokio::sync"):
		return "this tokio type's guard is Send only when its contents are: check the value inside"
	}
	return "end this value's scope before the .await (a block), or replace it with a Send type"
}
