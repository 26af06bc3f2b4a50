package scopeguard

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// sendRng is the fix for a rand ThreadRng that is used after an await
// (tokio#1913, #4596): the variable becomes a StdRng seeded from the
// thread's generator. A StdRng is Send, draws from the same algorithm, and
// has the methods of Rng the variable is used with. `from_rng(R) ->
// Result` is rand 0.8's signature (0.9 renamed thread_rng to rng and made
// from_rng infallible): a `rand::rng()` is left to the user.
//
// It refuses when the variable's type is needed as written: the file
// names ThreadRng (a parameter or field takes the variable), or the
// variable is used other than as a method receiver (in a macro too) or a
// `&mut` argument of a method or of a function of rand
// (`v.shuffle(&mut rng)`), the generic forms that take any Rng.
func (p *pass) sendRng(g ast.Guard, name string, scope *ast.LetScope) (*rewrite.Fix, string) {
	fn := g.Call.Child("function")
	if fn == nil {
		return nil, "the RNG is not made by a call"
	}
	if path := ast.Compact(fn.Text(p.src)); path == "rand::rng" {
		return nil, "use a Send RNG (rand 0.9: rand::rngs::StdRng::from_os_rng())"
	}
	if tf.ContainsCodeWord(p.src, "ThreadRng") {
		return nil, "this file names the type ThreadRng, which a StdRng would not fit; use a Send RNG (rand::rngs::StdRng::from_entropy()) there too"
	}
	if !tf.ContainsCodeWord(p.src, "rand") {
		return nil, "use a Send RNG (rand::rngs::StdRng::from_entropy()); sendfix cannot tell this thread_rng() is rand's"
	}
	for k := scope.I + 1; k < scope.End; k++ {
		for _, u := range scope.ItemUses(k, p.src) {
			if !takesAnyRng(u, p.src) {
				return nil, fmt.Sprintf("`%s` is used at line %d in a way that may need a ThreadRng (only method calls on it and `&mut %s` given to a method or to rand's functions are rewritten); use a Send RNG (rand::rngs::StdRng::from_entropy())",
					name, ast.LineOf(p.src, u.Start), name)
			}
		}
	}
	call := g.Call.Text(p.src)
	return &rewrite.Fix{
		Message: "seed a StdRng (Send) from the thread's RNG",
		Edits:   []rewrite.Edit{{Start: g.Call.Start, End: g.Call.End, New: "<rand::rngs::StdRng as rand::SeedableRng>::from_rng(" + call + ").unwrap()"}},
	}, ""
}

// takesAnyRng reports whether the use u of the RNG variable works with any
// Rng: `rng.gen_range(..)`, `v.choose(&mut rng)`, `rand::seq::index::sample(&mut rng, ..)`.
func takesAnyRng(u *ast.Node, src []byte) bool {
	par := u.Parent
	if par == nil {
		return false
	}
	if par.Kind == "token_tree" {
		// `println!("{}", rng.gen::<u8>())`: a method call (a ThreadRng
		// has no fields).
		i := ast.IndexOf(par.Children, u)
		if i+2 >= len(par.Children) || par.Children[i+1].Kind != "." {
			return false
		}
		m := par.Children[i+2].Text(src) // an identifier, or a keyword token (`gen`)
		return m != "" && ast.IdentByte(m[0]) && (m[0] < '0' || m[0] > '9')
	}
	if par.Kind == "field_expression" && u.Field() == "value" {
		_, _, _, ok := ast.MethodCall(par.Parent, src)
		return ok && par.Parent.Child("function") == par
	}
	if par.Kind != "reference_expression" || !hasMut(par) {
		return false
	}
	args := par.Parent
	if args == nil || args.Kind != "arguments" || args.Parent == nil {
		return false
	}
	call := args.Parent
	if _, _, _, ok := ast.MethodCall(call, src); ok {
		return true
	}
	f := call.Child("function")
	return call.Kind == "call_expression" && f != nil && strings.HasPrefix(ast.Compact(f.Text(src)), "rand::")
}

func hasMut(ref *ast.Node) bool {
	for _, c := range ref.Children {
		if c.Kind == "mutable_specifier" {
			return true
		}
	}
	return false
}

// rngLent reports whether a use of the RNG in its scope lends it to a fn
// of the code (`randos(&mut rng)`, `User::randos(&mut rng)`), whose result
// may keep the borrow (an iterator drawing from it). rand's own functions
// and methods given `&mut rng` (`v.choose(&mut rng)`) return values that
// do not borrow it.
func (p *pass) rngLent(scope *ast.LetScope) bool {
	for k := scope.I + 1; k < scope.End; k++ {
		for _, u := range scope.ItemUses(k, p.src) {
			ref := u.Parent
			if ref == nil || ref.Kind != "reference_expression" || ref.Parent == nil || ref.Parent.Kind != "arguments" {
				continue
			}
			call := ref.Parent.Parent
			if call == nil || call.Kind != "call_expression" {
				continue
			}
			f := call.Child("function")
			if f != nil && f.Kind == "generic_function" {
				f = f.Child("function")
			}
			if f != nil && (f.Kind == "identifier" || f.Kind == "scoped_identifier" && !strings.HasPrefix(ast.Compact(f.Text(p.src)), "rand::")) {
				return true // `randos(&mut rng)`, `User::randos(&mut rng)`
			}
		}
	}
	return false
}
