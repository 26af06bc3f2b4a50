package corpus

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"sendfix/rewrite"
	"sendfix/transforms"
)

// fuzzSnippets are hand-written seeds: the shapes the transforms rewrite,
// and near misses that exercise their refusals.
var fuzzSnippets = []string{
	"async fn f(m: &std::sync::Mutex<i32>) {\n    let g = m.lock().unwrap();\n    let v = *g;\n    g2().await;\n    use_it(v);\n}\n",
	"async fn f(m: &Mutex<Vec<u8>>, tx: Tx) {\n    tx.send(m.lock().unwrap().clone()).await;\n}\n",
	"async fn f(q: &Mutex<Vec<u8>>) {\n    while let Some(j) = q.lock().unwrap().pop() {\n        run(j).await;\n    }\n}\n",
	"async fn f(m: &Mutex<HashMap<u8, u8>>) {\n    match m.lock().unwrap().get(&1) {\n        Some(v) => go(*v).await,\n        None => {}\n    }\n}\n",
	"async fn f(m: &RwLock<i32>) {\n    if let Ok(g) = m.read() {\n        tick().await;\n    } else {\n        other().await;\n    }\n}\n",
	"async fn f(c: &RefCell<Vec<u8>>) {\n    let mut b = c.borrow_mut();\n    b.push(1);\n    let (n, first) = (b.len(), b[0]);\n    sleep().await;\n    println!(\"{n} {first}\");\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    let g = m.lock().unwrap();\n    sleep().await;\n    println!(\"{}\", *g);\n}\n",
	"fn main() {\n    tokio::spawn(async move {\n        let g = m.lock().unwrap(); // keep\n        let s = \"a\n    b\";\n        x(s, *g);\n        y().await;\n    });\n}\n",
	"async fn f(m: &Mutex<i32>) {\r\n\tlet g = m.lock().unwrap();\r\n\tlet v = *g;\r\n\tz().await;\r\n\tw(v);\r\n}\r\n",
	"async fn f(m: &Mutex<i32>) {\n    let g = m.lock().unwrap();\n    drop(g);\n    z().await;\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    loop {\n        let g = m.lock().unwrap();\n        if *g > 3 { break; }\n        z().await;\n    }\n}\n",
	"async fn f(m: &Mutex<i32>) { let g = m.lock().unwrap(); z().await; }\n",
	"async fn f(m: &Mutex<i32>) {\n    let g = m.lock().unwrap();\n    let g = *g + 1;\n    z().await;\n    w(g);\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    let x = { let g = m.lock().unwrap(); *g };\n    z(x).await;\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    let g = m.lock().unwrap();\n    let r = &*g;\n    z().await;\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    let g = m.lock().unwrap();\n    let v = *g;\n    tokio::select! { _ = z() => {} }\n    join!(a(v).await);\n}\n",
	// Shapes that once gave wrong (but parsable) output: items between the
	// guard and its last use, a borrowing iterator, a format-string capture
	// of the hoisted name, an attribute on the guard's let.
	"async fn f(m: &Mutex<S>) {\n    let g = m.lock().unwrap();\n    use std::fmt::Write;\n    fn h(n: u32) -> u32 { n }\n    let k = h(g.n);\n    z().await;\n    w(k, h(2));\n}\n",
	"async fn f(m: &Mutex<S>) {\n    let g = m.lock().unwrap();\n    let ids = g.v.iter().copied();\n    z().await;\n    for i in ids {}\n}\n",
	"fn main() {\n    let q_len = 1;\n    tokio::spawn(async move {\n        report(q.lock().unwrap().len()).await;\n        println!(\"{q_len}\");\n    });\n}\n",
	"async fn f(m: &Mutex<S>) {\n    #[allow(unused_mut)]\n    let mut g = m.lock().unwrap();\n    g.n += 1;\n    z().await;\n}\n",
	"async fn f(m: &Mutex<S>) {\n    if let Ok(mut g) = m.lock() {\n        g.n += 1;\n        z().await;\n    } else {\n        w();\n    }\n}\n",
	// A guard's field borrowed by the awaiting call, cloned when its type is known here.
	"struct C { url: String, n: Vec<u8> }\nasync fn f(m: Arc<RwLock<C>>, k: K) {\n    let c = m.read().unwrap();\n    k.get(&c.url, &c.n).await;\n}\n",
	// Guards in select! arms and join! futures (read as code by scope-guard only).
	"async fn f(m: &Mutex<i32>) {\n    let (a, _) = tokio::join!(\n        async {\n            let g = m.lock().unwrap();\n            let v = *g;\n            b(v).await;\n            v\n        },\n        c(),\n    );\n}\n",
	"async fn f(m: &Mutex<i32>) {\n    tokio::select! {\n        _ = a() => {\n            let g = m.lock().unwrap();\n            let v = *g;\n            b(v).await;\n        }\n        Some(x) = c() => { tokio::select! { _ = d() => { let g = m.lock().unwrap(); e(*g).await; } } }\n        else => { let g = m.lock().unwrap(); b(*g).await; }\n    }\n}\n",
}

// FuzzEngine feeds arbitrary text through the engine as `sendfix` runs it
// (a file on disk, rewrite.Run, every transform, one job, edition 2021, and
// with --all when the flag input is set): no panic and no internal error;
// when the input parses, so does the output; and a second run over the
// output changes nothing.
func FuzzEngine(f *testing.F) {
	for _, dir := range []string{"../testdata", "../golden"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rs") {
				return nil
			}
			if src, err := os.ReadFile(path); err == nil {
				f.Add(src, false)
				f.Add(src, true)
			}
			return nil
		})
	}
	for _, s := range fuzzSnippets {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, src []byte, all bool) {
		file := filepath.Join(t.TempDir(), "input.rs")
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		// Go's fuzzer has no per-input time limit: a hang would stall the
		// run without saving the input, so the engine runs with one.
		done := make(chan string, 1)
		go func() { done <- checkEngine(file, src, all) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(fuzzTimeLimit):
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("the engine ran over %v on this input (a hang?):\n%s", fuzzTimeLimit, buf[:n])
		}
	})
}

const fuzzTimeLimit = 20 * time.Second

// checkEngine runs the engine over file (holding src) and returns what is
// wrong, or "".
func checkEngine(file string, src []byte, all bool) string {
	passes := transforms.All()
	cfg := rewrite.Config{Paths: []string{file}, Transforms: passes, Jobs: 1, Edition: "2021", All: all}
	var res *rewrite.FileResult
	err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
		res = r
		return nil
	})
	if err != nil {
		return err.Error()
	}
	if res == nil {
		return "" // nothing to report, nothing changed
	}
	if res.Err != nil && strings.Contains(res.Err.Error(), "internal error") {
		return fmt.Sprintf("internal error: %v", res.Err)
	}
	if !res.Changed() {
		return ""
	}
	if parses(src) && !parses(res.New) {
		return fmt.Sprintf("the input parses, the output does not:\n%s", res.New)
	}
	again, _, _ := rewrite.FixSource(res.Path, res.New, "2021", all, passes)
	if !bytes.Equal(again, res.New) {
		return fmt.Sprintf("a second run changes the output again:\n--- output\n%s\n--- second output\n%s", res.New, again)
	}
	return ""
}
