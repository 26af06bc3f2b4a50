package sendbound

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// wherePreds are the where predicates to add to one item (the fn or impl
// declaring a generic parameter), in the order they were found.
type wherePreds struct {
	f     *tf.File
	item  *ast.Node
	preds []string
}

// projection adds `G::X: Send` for an associated type of a generic
// parameter that a task spawned in the parameter's fn (or a method of its
// impl) holds (`svc.call(req).await` for `S: Service<R>`), as rustc
// suggests. The inference of projections is too coarse to follow them
// through calls and bounds (Debian's rayon compiles as it is), so not
// otherwise.
func (b *bounds) projection(o *tf.Occ, l int) {
	g := o.Param
	if g == nil {
		return
	}
	item := b.spawningItem(o)
	if item == nil {
		item = b.boxingItem(o)
	}
	if item == nil {
		return
	}
	add := b.missing(l, o.Bounds.Bits|tf.WhereBits(o.File, item, g.Name, o.Assoc))
	if add == "" {
		return
	}
	if b.where == nil {
		b.where = map[*ast.Node]*wherePreds{}
	}
	w := b.where[item]
	if w == nil {
		w = &wherePreds{f: o.File, item: item}
		b.where[item] = w
		b.whereOrder = append(b.whereOrder, w)
	}
	w.preds = append(w.preds, g.Name+"::"+o.Assoc+": "+add)
	b.changed = append(b.changed, o)
	b.note("associated type " + g.Name + "::" + o.Assoc)
}

// spawningItem returns the fn that spawns the task holding projection o,
// when it is the fn declaring o's parameter or a method of the impl
// declaring it; nil otherwise.
func (b *bounds) spawningItem(o *tf.Occ) *ast.Node {
	_, why := o.Level()
	if why == nil || why.File != o.File || o.Param.Node.Parent == nil || o.Param.Node.Parent.Parent == nil {
		return nil
	}
	switch why.Kind {
	case "capture", "spawn", "output", "await", "held":
	default:
		return nil
	}
	decl := o.Param.Node.Parent.Parent
	if why.Owner != nil && why.Owner.Spawned == nil {
		return b.asyncTraitItem(why.Owner, decl)
	}
	if why.Owner == nil || why.Owner.Spawned == nil || why.Owner.Spawned.File != o.File || strings.Contains(why.Owner.Spawned.Name, ".") {
		return nil // a spawner sendfix cannot type, or a future spawned elsewhere
	}
	call := why.Owner.Spawned.Call
	var item *ast.Node
	for _, fn := range b.a.Fns() {
		if fn.File == o.File && fn.Body != nil && fn.Body.Start <= call.Start && call.End <= fn.Body.End &&
			decl.Start <= fn.Node.Start && fn.Node.End <= decl.End && (item == nil || item.Start < fn.Node.Start) {
			item = fn.Node // the innermost
		}
	}
	if item == nil || item.Child("body") == nil {
		return nil
	}
	return item
}

// boxingItem returns the impl or fn declaring o's parameter when a Send
// trait object holds the projection, one this pass made Send or one
// written Send in that item: a tower middleware's `type Future =
// Pin<Box<dyn Future<..> + Send>>` (or BoxFuture), into which `call` boxes
// an async block awaiting `self.inner.call(req)` (Inner::Future), needs
// `Inner::Future: Send` on its impl. nil otherwise.
func (b *bounds) boxingItem(o *tf.Occ) *ast.Node {
	decl := o.Param.Node.Parent
	if decl != nil {
		decl = decl.Parent
	}
	if decl == nil || decl.Child("body") == nil || (decl.Kind != "impl_item" && decl.Kind != "function_item") {
		return nil
	}
	if b.feedsEdited(o) {
		return decl
	}
	_, why := o.Level()
	if why == nil || why.Owner == nil || why.Owner.Spawned != nil {
		return nil
	}
	if r := why.Owner.Required(); r != nil && r.Kind == "bound" && r.File == o.File && decl.Start <= r.At && r.At < decl.End {
		return decl
	}
	return nil
}

// asyncTraitItem returns the #[async_trait] method whose future (owner)
// holds a projection of a parameter declared by decl, when the method
// declares it and no other text must say the same: a default method of
// the trait, or a method of an inherent impl (async_trait boxes the body
// as a Send future, as a spawn would need). An impl of a trait would need
// the declaration's where clause too (E0276); it is left alone.
func (b *bounds) asyncTraitItem(owner *tf.Shape, decl *ast.Node) *ast.Node {
	for _, fn := range b.a.Fns() {
		if owner.Node == nil || fn.Node != owner.Node || fn.AsyncTrait != "Send" || fn.Body == nil {
			continue
		}
		if fn.Impl != nil && fn.Impl.Trait != "" {
			return nil
		}
		if decl.Start <= fn.Node.Start && fn.Node.End <= decl.End {
			return fn.Node
		}
	}
	return nil
}

// whereEdits writes each item's new predicates: into its where clause,
// in the clause's layout, or as a new clause in rustfmt's.
func (b *bounds) whereEdits() {
	for _, w := range b.whereOrder {
		fe := b.file(w.f)
		src := w.f.Src
		var clause *ast.Node
		for _, c := range w.item.Children {
			if c.Kind == "where_clause" {
				clause = c
			}
		}
		indent := lineIndent(src, w.item.Start)
		if clause == nil {
			body := w.item.Child("body")
			end := body.Start
			for end > w.item.Start && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\n' || src[end-1] == '\r') {
				end--
			}
			var sb strings.Builder
			sb.WriteString("\n" + indent + "where\n")
			for _, p := range w.preds {
				sb.WriteString(indent + "    " + p + ",\n")
			}
			sb.WriteString(indent)
			fe.add(end, body.Start, sb.String())
			continue
		}
		var last *ast.Node
		byLeft := map[string]*ast.Node{}
		for _, c := range clause.NamedChildren() {
			if c.Kind == "where_predicate" {
				last = c
				if l, bs := c.Child("left"), c.Child("bounds"); l != nil && bs != nil {
					byLeft[ast.Compact(l.Text(src))] = bs
				}
			}
		}
		if last == nil {
			continue
		}
		// `Inner::Future: 'static` already there: `+ Send` joins it.
		var rest []string
		for _, p := range w.preds {
			left, add, _ := strings.Cut(p, ": ")
			if bs := byLeft[ast.Compact(left)]; bs != nil {
				fe.add(bs.End, bs.End, " + "+add)
				continue
			}
			rest = append(rest, p)
		}
		if len(rest) == 0 {
			continue
		}
		trailing := false
		at := last.End
		for i := last.End; i < clause.End; i++ {
			if src[i] == ',' {
				trailing, at = true, i+1
			}
		}
		multiLine := strings.Contains(string(src[clause.Start:clause.End]), "\n")
		sep := " "
		if multiLine {
			sep = "\n" + lineIndent(src, last.Start)
		}
		var sb strings.Builder
		for i, p := range rest {
			if trailing || i > 0 {
				sb.WriteString(sep + p + ",")
			} else {
				sb.WriteString("," + sep + p)
			}
		}
		text := sb.String()
		if !trailing {
			text = strings.TrimSuffix(text, ",")
		}
		fe.add(at, at, text)
	}
}

// lineIndent returns the spaces and tabs that begin the line holding at.
func lineIndent(src []byte, at int) string {
	start := at
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}
