package rustast

import (
	"testing"

	"sendfix/rewrite"
)

func buildTree(t *testing.T, src string, hints *rewrite.Analysis) *Tree {
	t.Helper()
	f, err := rewrite.NewFile("a.rs", []byte(src), "2021")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	f.Analysis = hints
	return Build(f)
}

func TestLastSegment(t *testing.T) {
	for in, want := range map[string]string{
		"spawn": "spawn", "my_rt::spawn_detached": "spawn_detached", " Handle::spawn ": "spawn",
		"tracing::span::Entered<'a>": "Entered", "rt.run_here": "run_here",
	} {
		if got := lastSegment(in); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNonSendBindings(t *testing.T) {
	src := `
fn f() {
    let a = Entered::new();
    let b: tracing::span::Entered<'_> = make();
    let c = span::Entered::enter(x)?;
    let d = Entered::try_new().unwrap();
    let e = Entered { id: 1 };
    let g = Other::new();
    let h = &Entered::new();
    let i = m.lock().unwrap();
}
`
	tree := buildTree(t, src, &rewrite.Analysis{NonSendTypes: []string{"tracing::span::Entered"}})
	guards := FindGuards(tree, ScanFacts(tree.Src))
	var names []string
	for _, g := range guards {
		let := g.Producer.Parent
		if let == nil || let.Kind != "let_declaration" {
			continue
		}
		names = append(names, let.Child("pattern").Text(tree.Src)+":"+g.Kind.Short())
	}
	want := "a:Entered b:Entered c:Entered d:Entered e:Entered"
	got := ""
	for _, n := range names {
		if n == "i:MutexGuard" {
			continue
		}
		if got != "" {
			got += " "
		}
		got += n
	}
	if got != want {
		t.Errorf("non-Send bindings %q, want %q (all: %v)", got, want, names)
	}
	// Without hints, only the lock guard.
	plain := buildTree(t, src, nil)
	if gs := FindGuards(plain, ScanFacts(plain.Src)); len(gs) != 1 {
		t.Errorf("without hints: %d guards", len(gs))
	}
}

func TestHintsReachSendAnalysis(t *testing.T) {
	src := `
#[tokio::main]
async fn main() {
    detach(async move { work().await; });
    run_here(async move { work().await; });
}
`
	find := func(tree *Tree, callee string) *Node {
		var out *Node
		tree.Root.Walk(func(n *Node) bool {
			if n.Kind == "call_expression" && CalleeName(n, tree.Src) == callee {
				if args := n.Child("arguments"); args != nil {
					for _, c := range args.Children {
						if c.Kind == "async_block" {
							out = c
						}
					}
				}
			}
			return true
		})
		return out
	}
	plain := buildTree(t, src, nil)
	a := NewSendAnalysis(plain)
	if a.Required(find(plain, "detach")) {
		t.Error("without hints, a future given to an unknown call in #[tokio::main] need not be Send")
	}
	hinted := buildTree(t, src, &rewrite.Analysis{SendSpawners: []string{"rt::detach"}, LocalExecutors: []string{"run_here"}})
	b := NewSendAnalysis(hinted)
	if !b.Required(find(hinted, "detach")) {
		t.Error("send-spawners: a future given to detach must be Send")
	}
	if b.Required(find(hinted, "run_here")) {
		t.Error("local-executors: a future given to run_here need not be Send")
	}
}
