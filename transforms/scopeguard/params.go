package scopeguard

import (
	"bytes"
	"fmt"
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// nonSendParams reports a parameter of an async fn whose future must be
// Send, of a struct of the file that holds a non-Send field (`c:
// Consumer` with `rng: ThreadRng`), when the fn awaits: the future holds
// the parameter from its start to its end. Reported, not rewritten: the
// struct's field is what must change.
func (p *pass) nonSendParams() {
	if !bytes.Contains(p.src, []byte("struct ")) {
		return
	}
	types := ast.NonSendStructs(p.tree)
	if len(types) == 0 {
		return
	}
	p.tree.Root.Walk(func(fn *ast.Node) bool {
		if fn.Kind != "function_item" {
			return true
		}
		params, body := fn.Child("parameters"), fn.Child("body")
		if params == nil || body == nil || !ast.IsAsync(fn, p.src) {
			return false
		}
		awaits := ast.AwaitPointsIn(body, fn, p.src)
		if len(awaits) == 0 || !p.file.All && !p.required(fn) {
			return false
		}
		for _, prm := range params.NamedChildren() {
			pat, typ := prm.Child("pattern"), prm.Child("type")
			if prm.Kind != "parameter" || pat == nil || typ == nil {
				continue
			}
			why, ok := types[ast.PointeeTypeName(typ, p.src)]
			if !ok {
				continue
			}
			remedy := "keep the value out of this future (build it after the last await, or give it its own thread)"
			if strings.Contains(why, "ThreadRng") {
				remedy = "give the field a Send RNG (rand::rngs::StdRng, seeded with StdRng::from_entropy())"
			}
			p.report(pat, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}, as a parameter of an async fn whose future must be Send: cannot fix automatically: that field makes it not Send; %s", pat.Text(p.src), why, remedy), nil)
		}
		return false
	})
}
