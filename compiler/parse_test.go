package compiler_test

// Unit tests of compiler.Parse, the Matcher and the remedies on captured
// `cargo check --all-targets --message-format=json` output (rustc 1.95,
// tokio 1.24; compiler/testdata/*.json, compiler-message lines only, the
// crate directory replaced by /fixture/<name>). Each file holds the error
// twice, as cargo reports it once per target (bin and its tests).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sendfix/compiler"
	"sendfix/rewrite"
)

// fixture returns the JSON of testdata/name with /fixture/<crate> replaced
// by a temp dir where the given files exist (Parse resolves rustc's
// relative file names on disk), and that dir.
func fixture(t *testing.T, name, crate string, files ...string) (string, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return strings.ReplaceAll(string(b), "/fixture/"+crate, dir), dir
}

func parse(t *testing.T, json string) ([]compiler.Report, []compiler.Error) {
	t.Helper()
	reports, errs, err := compiler.Parse(strings.NewReader(json))
	if err != nil {
		t.Fatal(err)
	}
	return reports, errs
}

func one(t *testing.T, reports []compiler.Report) compiler.Report {
	t.Helper()
	if len(reports) != 1 {
		t.Fatalf("want 1 report (the second target's copy deduplicated), got %d: %+v", len(reports), reports)
	}
	return reports[0]
}

func wantSpan(t *testing.T, what string, sp *compiler.Span, file string, line, col int) {
	t.Helper()
	if sp == nil {
		t.Fatalf("%s: no span, want %s:%d:%d", what, file, line, col)
	}
	if sp.File != file || sp.Line != line || sp.Col != col {
		t.Errorf("%s: %s:%d:%d, want %s:%d:%d", what, sp.File, sp.Line, sp.Col, file, line, col)
	}
}

func wantOwners(t *testing.T, typ string, want ...string) {
	t.Helper()
	got := compiler.Owners(typ)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Owners(%q) = %v, want %v", typ, got, want)
	}
}

func TestParseMutexGuardAcrossAwait(t *testing.T) {
	js, dir := fixture(t, "mutex_guard.json", "mutex-guard", "src/main.rs")
	reports, errs := parse(t, js)
	r := one(t, reports)
	main := filepath.Join(dir, "src", "main.rs")
	if r.Message != "future cannot be sent between threads safely" {
		t.Errorf("message %q", r.Message)
	}
	if r.Type != "std::sync::MutexGuard<'_, u64>" {
		t.Errorf("type %q", r.Type)
	}
	wantSpan(t, "value", r.Value, main, 6, 9)
	wantSpan(t, "await", r.Await, main, 8, 12)
	wantSpan(t, "primary (the spawn)", &r.Primary, main, 14, 18)
	if r.Captured || r.Within != nil {
		t.Errorf("captured=%v within=%v, want neither", r.Captured, r.Within)
	}
	if !strings.Contains(r.Value.Label, "has type") {
		t.Errorf("value label %q", r.Value.Label)
	}
	if len(errs) != 1 || !errs[0].Send || errs[0].File != main || errs[0].Line != 14 {
		t.Errorf("errors: %+v", errs)
	}
	wantOwners(t, r.Type, "scope-guard", "async-mutex")
}

// E0277 "`Rc<..>` cannot be sent between threads safely" for a closure given
// to std::thread::spawn: the type comes from the message, and rustc names
// no value, only the closure.
func TestParseRcInThreadSpawn(t *testing.T) {
	js, dir := fixture(t, "rc_thread_spawn.json", "rc-thread", "src/main.rs")
	reports, errs := parse(t, js)
	r := one(t, reports)
	main := filepath.Join(dir, "src", "main.rs")
	if r.Type != "Rc<Vec<String>>" {
		t.Errorf("type %q, want Rc<Vec<String>>", r.Type)
	}
	if r.Value != nil || r.Await != nil {
		t.Errorf("value %+v await %+v, want none: rustc names only the closure", r.Value, r.Await)
	}
	wantSpan(t, "primary (the closure)", &r.Primary, main, 5, 37)
	wantSpan(t, "within (the closure)", r.Within, main, 5, 37)
	// Failure notes ("For more information about this error") are not errors.
	if len(errs) != 1 || !errs[0].Send {
		t.Errorf("errors: %+v", errs)
	}
	wantOwners(t, r.Type, "rc-to-arc")
}

// A captured Rc in a spawned async block: "captured value is not `Send`",
// whose span is labelled "has type".
func TestParseRcCapturedByAsyncBlock(t *testing.T) {
	js, dir := fixture(t, "rc_async_block.json", "rc-async", "src/main.rs")
	reports, _ := parse(t, js)
	r := one(t, reports)
	if !r.Captured || r.Type != "Rc<Vec<String>>" {
		t.Errorf("captured=%v type=%q", r.Captured, r.Type)
	}
	wantSpan(t, "value (the captured use)", r.Value, filepath.Join(dir, "src", "main.rs"), 7, 24)
	if r.Await != nil {
		t.Errorf("await %+v, want none", r.Await)
	}
}

// parking_lot's guard: the help line names `*mut ()`; the "has type" note
// names the guard, and that is what decides the pass.
func TestParseParkingLotHasTypeWins(t *testing.T) {
	js, dir := fixture(t, "parking_lot_guard.json", "parking-lot", "src/main.rs")
	if !strings.Contains(js, "is not implemented for `*mut ()`") {
		t.Fatal("stale fixture: the help line should name *mut ()")
	}
	r := one(t, must(parse(t, js)))
	if r.Type != "parking_lot::lock_api::MutexGuard<'_, parking_lot::RawMutex, u64>" {
		t.Errorf("type %q, want the parking_lot guard from the has-type note", r.Type)
	}
	wantSpan(t, "value", r.Value, filepath.Join(dir, "src", "main.rs"), 8, 9)
	wantOwners(t, r.Type, "scope-guard", "async-mutex")
	wantOwners(t, "*mut ()")
}

func must(r []compiler.Report, _ []compiler.Error) []compiler.Report { return r }

// Types no pass owns get a finding with the spans and the usual remedy,
// never a silent skip.
func TestParseUnownedTypes(t *testing.T) {
	for _, c := range []struct {
		file, crate, typ, helpType, remedy string
		line                               int
	}{
		{"phantom_not_send.json", "phantom", "LocalToken", "*const ()", "end this value's scope before the .await", 17},
	} {
		t.Run(c.typ, func(t *testing.T) {
			js, dir := fixture(t, c.file, c.crate, "src/main.rs")
			if !strings.Contains(js, "is not implemented for `"+c.helpType) {
				t.Fatalf("stale fixture: the help line should name %s", c.helpType)
			}
			r := one(t, must(parse(t, js)))
			if r.Type != c.typ {
				t.Errorf("type %q, want %q (the has-type note, not the help line)", r.Type, c.typ)
			}
			wantOwners(t, r.Type)
			main := filepath.Join(dir, "src", "main.rs")
			wantSpan(t, "value", r.Value, main, c.line, 9)

			// A guided run knows the type as non-Send, and scope-guard may
			// end the value's scope before the await.
			if got := compiler.HeldTypes([]compiler.Report{r}); len(got) != 1 || got[0] != c.typ {
				t.Errorf("HeldTypes = %v, want [%s]", got, c.typ)
			}
			if !compiler.NewMatcher([]compiler.Report{r}).Keep(main, rewrite.Finding{Transform: "scope-guard", Line: c.line}) {
				t.Errorf("a scope-guard finding on the %s is not kept", c.typ)
			}
			// Nothing answers it: the matcher turns it into a manual finding.
			m := compiler.NewMatcher([]compiler.Report{r})
			if m.Keep(main, rewrite.Finding{Transform: "rc-to-arc", Line: c.line}) {
				t.Errorf("rc-to-arc kept for a %s", c.typ)
			}
			un := m.Unmatched(func(abs string) string { return abs })
			if len(un) != 1 {
				t.Fatalf("Unmatched: %v, want one finding", un)
			}
			f := un[0]
			if f.Fix != nil || f.Transform != "rustc" || f.Path != main || f.Line != c.line || f.Col != 9 {
				t.Errorf("unmatched finding %+v", f)
			}
			for _, want := range []string{"`" + c.typ + "`", "across the .await at line", "no sendfix pass fixes this type", c.remedy} {
				if !strings.Contains(f.Message, want) {
					t.Errorf("message %q lacks %q", f.Message, want)
				}
			}
			if strings.HasPrefix(f.Message, "rustc:") {
				t.Errorf("message repeats the transform name: %q", f.Message)
			}
		})
	}
}

// In a workspace, rustc names files relative to the workspace root, and a
// future of another member crate is reported as E0277 naming only the
// async fn body that holds the guard (no value, no await).
func TestParseWorkspaceCrossCrate(t *testing.T) {
	js, dir := fixture(t, "workspace_cross_crate.json", "workspace", "store/src/lib.rs", "server/src/main.rs")
	reports, errs := parse(t, js)
	if len(reports) != 3 || len(errs) != 3 {
		t.Fatalf("want 3 Send errors, got %d reports, %d errors", len(reports), len(errs))
	}
	lib := filepath.Join(dir, "store", "src", "lib.rs")
	main := filepath.Join(dir, "server", "src", "main.rs")
	var cross *compiler.Report
	for i, r := range reports {
		if r.Value == nil {
			cross = &reports[i]
			continue
		}
		if r.Value.File != lib && r.Value.File != main {
			t.Errorf("value in %s, want a file of the workspace", r.Value.File)
		}
	}
	if cross == nil {
		t.Fatal("no report without a value (the cross-crate E0277)")
	}
	if cross.Type != "std::sync::MutexGuard<'_, BTreeMap<String, u64>>" {
		t.Errorf("cross-crate type %q", cross.Type)
	}
	wantSpan(t, "primary (the spawn in the server)", &cross.Primary, main, 19, 22)
	wantSpan(t, "within (record's body in the store)", cross.Within, lib, 13, 82)
	if cross.Within.EndLine != 17 {
		t.Errorf("within ends at line %d, want 17 (the end of record's body)", cross.Within.EndLine)
	}

	// The matcher keeps the guard in record's body, not a guard of the
	// same type elsewhere in the store, nor the server's guard.
	m := compiler.NewMatcher([]compiler.Report{*cross})
	if !m.Keep(lib, rewrite.Finding{Transform: "scope-guard", Line: 14}) {
		t.Error("the guard in record's body is not kept")
	}
	if m.Keep(lib, rewrite.Finding{Transform: "scope-guard", Line: 22}) {
		t.Error("a guard outside record's body is kept")
	}
	if m.Keep(main, rewrite.Finding{Transform: "scope-guard", Line: 7}) {
		t.Error("a guard in the server (where the spawn is) is kept")
	}
	if un := m.Unmatched(func(abs string) string { return abs }); len(un) != 0 {
		t.Errorf("matched report listed as unmatched: %v", un)
	}
}

// Errors other than Send errors are parsed (verify compares them before and
// after a fix) but are not reports.
func TestParseUnrelatedError(t *testing.T) {
	js, dir := fixture(t, "unrelated_type_error.json", "unrelated", "src/main.rs")
	reports, errs := parse(t, js)
	r := one(t, reports)
	if r.Value == nil || r.Value.Line != 6 {
		t.Errorf("value %+v, want line 6", r.Value)
	}
	var send, other int
	for _, e := range errs {
		if e.Send {
			send++
			continue
		}
		other++
		if e.Message != "mismatched types" || e.Code != "E0308" || e.File != filepath.Join(dir, "src", "main.rs") || e.Line != 15 {
			t.Errorf("unrelated error %+v, want mismatched types at src/main.rs:15", e)
		}
	}
	if send != 1 || other != 1 {
		t.Errorf("want 1 Send error and 1 other, got %d and %d", send, other)
	}
}

// Text around the JSON (a log with cargo's progress lines, blank lines,
// truncated JSON) is skipped.
func TestParseSkipsNonJSON(t *testing.T) {
	js, _ := fixture(t, "mutex_guard.json", "mutex-guard", "src/main.rs")
	noisy := "   Compiling tokio v1.24.2\n\n{\"reason\":\"compiler-message\",\n" + js + "error: could not compile\n"
	if r := one(t, must(parse(t, noisy))); r.Value == nil {
		t.Error("no value")
	}
	reports, errs := parse(t, "")
	if len(reports) != 0 || len(errs) != 0 {
		t.Errorf("empty input: %v %v", reports, errs)
	}
}

// A ThreadRng held across an await is scope-guard's: scoped, or made a
// StdRng; guided mode keeps that finding on the value's line.
func TestParseThreadRngOwned(t *testing.T) {
	js, dir := fixture(t, "thread_rng.json", "thread-rng", "src/main.rs")
	r := one(t, must(parse(t, js)))
	if r.Type != "ThreadRng" {
		t.Fatalf("type %q, want ThreadRng (the has-type note, not the help line)", r.Type)
	}
	wantOwners(t, r.Type, "scope-guard")
	main := filepath.Join(dir, "src", "main.rs")
	m := compiler.NewMatcher([]compiler.Report{r})
	if !m.Keep(main, rewrite.Finding{Transform: "scope-guard", Line: 6}) {
		t.Error("scope-guard's finding on the rng's line not kept")
	}
	if un := m.Unmatched(func(abs string) string { return abs }); len(un) != 0 {
		t.Errorf("Unmatched after a kept finding: %v", un)
	}
}

// An associated type of a generic parameter held across an await is
// send-bound's (a where predicate); guided mode keeps that finding.
func TestParseProjectionOwned(t *testing.T) {
	js, dir := fixture(t, "service_future.json", "service-future", "src/main.rs")
	r := one(t, must(parse(t, js)))
	if r.Type != "<S as Service<String>>::Future" {
		t.Fatalf("type %q, want the projection", r.Type)
	}
	wantOwners(t, r.Type, "send-bound")
	m := compiler.NewMatcher([]compiler.Report{r})
	if !m.Keep(filepath.Join(dir, "src", "main.rs"), rewrite.Finding{Transform: "send-bound", Line: 30}) {
		t.Error("send-bound's finding not kept")
	}
}

func TestRemedies(t *testing.T) {
	for typ, want := range map[string]string{
		"ThreadRng":                            "StdRng",
		"tracing::span::EnteredSpan":           "instrument",
		"tokio::sync::watch::Ref<'_, Config>":  "borrow().clone()",
		"*mut ()":                              "raw pointer",
		"std::cell::Cell<u32>":                 "Arc<Mutex<T>>",
		"tokio::sync::MutexGuard<'_, Rc<u32>>": "contents",
	} {
		if got := compiler.Remedy(typ); !strings.Contains(got, want) {
			t.Errorf("Remedy(%q) = %q, want it to mention %q", typ, got, want)
		}
	}
	wantOwners(t, "tokio::sync::MutexGuard<'_, Rc<u32>>")
	wantOwners(t, "std::sync::MutexGuard<'_, tokio::sync::mpsc::Receiver<u32>>", "scope-guard", "async-mutex")
	wantOwners(t, "std::cell::RefMut<'_, Vec<u8>>", "scope-guard", "rc-to-arc")
	wantOwners(t, "ThreadRng", "scope-guard")
	wantOwners(t, "<S as Service<String>>::Future", "send-bound")
	wantOwners(t, "<H as Handler>::Fut", "send-bound")
	wantOwners(t, "<Vec<u8> as IntoIterator>::IntoIter")
	wantOwners(t, "rand::rngs::ThreadRng", "scope-guard")
	wantOwners(t, "std::sync::mpsc::Iter<'_, u32>", "scope-guard")
	wantOwners(t, "std::sync::mpsc::TryIter<'_, String>", "scope-guard")
	wantOwners(t, "std::slice::Iter<'_, Rc<u32>>", "rc-to-arc")
	wantOwners(t, "Rc<dyn Any>", "rc-to-arc", "send-bound")
	wantOwners(t, "Rc<RefCell<Vec<Box<(dyn Obs + 'static)>>>>", "rc-to-arc", "send-bound")
	wantOwners(t, "&impl Label", "send-bound")
	wantOwners(t, "&'a mut dyn Any", "send-bound")
	wantOwners(t, "Cell<u64>", "rc-to-arc")
	wantOwners(t, "std::cell::RefCell<Vec<u8>>", "rc-to-arc")
	wantOwners(t, "OnceCell<u8>")
	wantOwners(t, "Box<dyn std::error::Error>", "send-bound")
	wantOwners(t, "std::rc::Weak<Node>", "rc-to-arc")
}

// TestParseRootTypes: rustc names the innermost type that is not Send (or
// Sync) in a help line; a held Arc<Registry> or slice iterator is owned by
// send-bound through the `dyn Plugin` inside, and a `std::marker::Send`
// spelled in full is still read.
func TestParseRootTypes(t *testing.T) {
	js, dir := fixture(t, "captured_arc_dyn_plugin.json", "plugins", "src/main.rs", "src/plugins.rs")
	reports, _ := parse(t, js)
	if len(reports) != 4 {
		t.Fatalf("%d reports, want 4", len(reports))
	}
	for _, r := range reports {
		if !strings.Contains(r.Root, "dyn ") {
			t.Errorf("report on %s: root %q, want a dyn type", r.Type, r.Root)
		}
		if got := compiler.ReportOwners(r); len(got) != 1 || got[0] != "send-bound" {
			t.Errorf("report on %s (root %s): owners %v, want send-bound", r.Type, r.Root, got)
		}
	}
	// The finding of a type-level pass sits where the value reaches the
	// spawn, not on the value's line.
	m := compiler.NewMatcher(reports)
	if !m.Keep(filepath.Join(dir, "src", "main.rs"), rewrite.Finding{Transform: "send-bound", Line: 3}) {
		t.Error("send-bound finding in the spawning file not kept")
	}
	if m.Keep(filepath.Join(dir, "src", "main.rs"), rewrite.Finding{Transform: "scope-guard", Line: 18}) {
		t.Error("scope-guard finding kept for a dyn Plugin report")
	}

	js, _ = fixture(t, "marker_send_dyn_future.json", "boxed", "src/main.rs", "src/jobs.rs")
	r := one(t, must(parse(t, js)))
	if !strings.HasPrefix(r.Type, "dyn ") || r.Root != r.Type {
		t.Errorf("type %q root %q, want the dyn Future of the help line", r.Type, r.Root)
	}
	wantOwners(t, r.Type, "send-bound")
}

// TestParseAwaitedGenericFuture: "future is not `Send` as it awaits another
// future which is not `Send`" names neither a held value nor a root type:
// the awaited value and its type come from the await's label, and the
// "consider further restricting type parameter `F`" help makes the report
// send-bound's.
func TestParseAwaitedGenericFuture(t *testing.T) {
	js, dir := fixture(t, "awaits_generic_future.json", "awaits", "src/main.rs")
	r := one(t, must(parse(t, js)))
	if r.Type != "F" || r.Param != "F" {
		t.Errorf("type %q param %q, want F and F", r.Type, r.Param)
	}
	if r.Value == nil || r.Value.Line != 7 || r.Value.Col != 31 {
		t.Errorf("value %+v, want the awaited f at 7:31", r.Value)
	}
	if got := compiler.ReportOwners(r); len(got) != 1 || got[0] != "send-bound" {
		t.Errorf("owners %v, want send-bound", got)
	}
	m := compiler.NewMatcher([]compiler.Report{r})
	if !m.Keep(filepath.Join(dir, "src", "main.rs"), rewrite.Finding{Transform: "send-bound", Line: 7}) {
		t.Error("send-bound finding not kept")
	}
}

// A lazy_static! whose type is not Sync: rustc's primary span is inside
// the lazy_static crate; the error belongs to the invocation in the user's
// file, where the expansion chain ends.
func TestParseInsideOtherCratesMacro(t *testing.T) {
	js, dir := fixture(t, "lazy_static_dyn.json", "lazy-static", "src/main.rs")
	reports, _ := parse(t, js)
	if len(reports) != 2 {
		t.Fatalf("want 2 reports (not Send, not Sync), got %d: %+v", len(reports), reports)
	}
	main := filepath.Join(dir, "src", "main.rs")
	for _, r := range reports {
		wantSpan(t, "primary (the lazy_static! call)", &r.Primary, main, 26, 1)
		if r.Root != "(dyn WsSymbols + 'static)" {
			t.Errorf("root %q, want the trait object", r.Root)
		}
	}
}

// "`?` couldn't convert the error: `(dyn Error + Send + 'static): Sync` is
// not satisfied": the converted error must be Sync; send-bound owns it.
func TestParseConvertErrorNotSync(t *testing.T) {
	js, dir := fixture(t, "convert_error_sync.json", "convert", "src/main.rs", "src/cgroups.rs", "src/anyhow.rs")
	reports, _ := parse(t, js)
	if len(reports) == 0 {
		t.Fatal("no report for the ? conversion")
	}
	r := reports[0]
	if r.Type != "dyn std::error::Error + Send + 'static" {
		t.Errorf("type %q, want the boxed cause's object", r.Type)
	}
	if r.Primary.File != filepath.Join(dir, "src", "main.rs") {
		t.Errorf("primary %s, want the ? in main.rs", r.Primary.File)
	}
	wantOwners(t, r.Type, "send-bound")
}
