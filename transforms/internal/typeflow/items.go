package typeflow

import (
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// File is one source file of the package, as the analysis sees it.
type File struct {
	Path    string
	Src     []byte
	Tree    *ast.Tree
	Edition string
	// Root is the file's own module; inline `mod m { .. }` have theirs.
	Root    *Module
	modules map[*ast.Node]*Module
	// Defined are the type names the file declares (in any module).
	Defined map[string]bool
	// definedIn are, per name, the scopes (an inline module's body, a
	// block; nil for the file's own module) that declare it.
	definedIn map[string][]*ast.Node
}

// Module is the scope of `use` declarations: a file, or an inline
// `mod m { .. }` of it.
type Module struct {
	File   *File
	Node   *ast.Node // the inline module's declaration_list; nil for the file
	Parent *Module
	// Imports maps a name a `use` brings in to its full path
	// ("Rc" → "std::rc::Rc", "rc" → "std::rc").
	Imports map[string]string
	Globs   []string // glob imports: "std::rc", "super"
	Uses    []*ast.Node
}

// ModuleAt returns the module whose `use` declarations apply at n.
func (f *File) ModuleAt(n *ast.Node) *Module {
	for x := n; x != nil; x = x.Parent {
		if x.Kind == "declaration_list" && x.Parent != nil && x.Parent.Kind == "mod_item" {
			if m := f.modules[x]; m != nil {
				return m
			}
		}
	}
	return f.Root
}

// Imports is the file's own (top-level) imports.
func (f *File) Imports() map[string]string { return f.Root.Imports }

func newModule(f *File, node *ast.Node, parent *Module) *Module {
	return &Module{File: f, Node: node, Parent: parent, Imports: map[string]string{}}
}

// scopeOf returns where an item is visible: the inline module or block
// that declares it, or nil for the top level of its file.
func scopeOf(n *ast.Node) *ast.Node {
	for x := n.Parent; x != nil; x = x.Parent {
		switch {
		case x.Kind == "declaration_list" && x.Parent != nil && x.Parent.Kind == "mod_item":
			return x
		case x.Kind == "block":
			return x
		}
	}
	return nil
}

// visibility ranks how an item declared in file itemFile, scope scope, is
// seen from node at of file f: -1 not visible, higher is nearer.
func visibility(itemFile *File, scope *ast.Node, f *File, at *ast.Node) int {
	if itemFile == f {
		if scope == nil {
			return 1
		}
		if at != nil && scope.Contains(at) {
			d := 2
			for x := scope; x != nil; x = x.Parent {
				d++
			}
			return d
		}
		return -1
	}
	if scope == nil {
		return 0
	}
	return -1
}

// modPath is the module path of an item declared in file, scope: the
// file's own module ("src/net/conn.rs" → net, conn) and the inline
// modules around it.
func modPath(file *File, scope *ast.Node) []string {
	rel := file.Path
	if i := strings.LastIndex(rel, "src/"); i >= 0 {
		rel = rel[i+len("src/"):]
	}
	segs := strings.Split(strings.TrimSuffix(rel, ".rs"), "/")
	switch last := segs[len(segs)-1]; {
	case segs[0] == "bin" || strings.HasPrefix(file.Path, "tests/") || strings.HasPrefix(file.Path, "examples/") || strings.HasPrefix(file.Path, "benches/"):
		segs = nil // a crate root of its own
	case last == "lib" || last == "main" || last == "mod":
		segs = segs[:len(segs)-1]
	}
	var inline []string
	for x := scope; x != nil; x = x.Parent {
		if x.Kind == "mod_item" {
			inline = append([]string{text(x.Child("name"), file.Src)}, inline...)
		}
	}
	return append(segs, inline...)
}

// names reports whether the module's imports bring in name from module
// path mod: `use crate::net::Conn`, `use mycrate::net::Conn` or
// `use super::net::*` for mod [net].
func (m *Module) names(name string, mod []string) bool {
	matches := func(full string) bool {
		segs := strings.Split(full, "::")
		if len(segs) < 1+len(mod) || segs[len(segs)-1] != name {
			return false
		}
		mods := segs[:len(segs)-1]
		lead := len(mods) - len(mod)
		for i, s := range mod {
			if mods[lead+i] != s {
				return false
			}
		}
		// What precedes the module path names the crate (or is
		// relative), not another module of it.
		return lead <= 1
	}
	for x := m; x != nil; x = x.Parent {
		if full, ok := x.Imports[name]; ok {
			if matches(full) {
				return true
			}
			// `use error::Error;` in module cgroups: cgroups::error::Error.
			here := modPath(x.File, x.Node)
			return len(here) > 0 && matches(strings.Join(here, "::")+"::"+full)
		}
		for _, g := range x.Globs {
			if matches(g + "::" + name) {
				return true
			}
		}
		if !x.hasGlob("super") {
			break
		}
	}
	return false
}

// StructItem is a struct or enum of the package.
type StructItem struct {
	Name   string
	File   *File
	Scope  *ast.Node
	Node   *ast.Node
	Params []string
	Fields []FieldDecl // enum variants' fields are "Variant.field" / "Variant.0"
	Enum   bool
	// Manual holds Send and Sync when the package implements them for it
	// itself (`unsafe impl Send for S {}`): its fields need not be.
	Manual int

	insts     int              // field sets instantiated apart
	canon     map[string]*Term // the shared field set (see fieldMap)
	canonArgs []*Term
}

// FieldDecl is one field and its written type.
type FieldDecl struct {
	Name string
	Type *ast.Node
}

// AliasItem is a type alias of the package.
type AliasItem struct {
	Name   string
	File   *File
	Scope  *ast.Node
	Node   *ast.Node
	Params []string
	Type   *ast.Node
}

// TraitItem is a trait of the package.
type TraitItem struct {
	Name    string
	File    *File
	Scope   *ast.Node
	Node    *ast.Node
	Methods map[string]*FnItem
	Send    int // the level its supertraits give (trait T: Send + Sync)
	// Generics are its type parameters (`trait Step<S>`), which its
	// methods' signatures and default bodies use.
	Generics []*GenericParam
}

// ImplItem is an impl block.
type ImplItem struct {
	Node     *ast.Node
	File     *File
	TypeName string
	Struct   *StructItem // the package type it is for, if any
	TraitOf  *TraitItem  // the package trait it implements, if any
	TypeNode *ast.Node
	Trait    string
	Generics []*GenericParam
	// AsyncTrait is "Send" for a #[async_trait] impl, "?Send" for
	// #[async_trait(?Send)], "" otherwise.
	AsyncTrait string
}

// GenericParam is a type parameter with the bounds written for it.
type GenericParam struct {
	Name   string
	File   *File
	Node   *ast.Node   // the type_parameter
	Bounds []*ast.Node // trait_bounds nodes, inline and in where clauses
}

// FnItem is a function, method or trait method.
type FnItem struct {
	Name     string
	File     *File
	Scope    *ast.Node
	Node     *ast.Node
	Async    bool
	Impl     *ImplItem
	Trait    *TraitItem
	Generics []*GenericParam // its own and its impl's
	SelfKind string          // "" (no self), "value", "ref", "refmut"
	// TypedSelf is a `self: Arc<Self>` parameter, whose type is written.
	TypedSelf *ast.Node
	Params    []*ast.Node // parameter nodes, self excluded
	Ret       *ast.Node
	Body      *ast.Node
	// AsyncTrait: see ImplItem.
	AsyncTrait string
	// Main: #[tokio::main] / #[tokio::test] and the like.
	Main bool

	decl *fnInst
}

// SelfType returns the name of the type of self, or "".
func (fn *FnItem) SelfType() string {
	if fn.Impl != nil {
		return fn.Impl.TypeName
	}
	return ""
}

type index struct {
	structs map[string][]*StructItem
	aliases map[string][]*AliasItem
	traits  map[string][]*TraitItem
	fns     map[string][]*FnItem            // free fns
	methods map[string][]*FnItem            // fns of impls and traits, by name
	byType  map[string]map[string][]*FnItem // impl type name → name → fns
	byItem  map[*StructItem]map[string][]*FnItem
	all     []*FnItem
	impls   []*ImplItem
	statics map[string]*ast.Node
	staticF map[*ast.Node]*File
}

func newFile(f *rewrite.File) *File {
	fl := &File{Path: f.Path, Src: f.Src, Tree: ast.Build(f), Edition: f.Edition, Defined: map[string]bool{}, modules: map[*ast.Node]*Module{}}
	fl.Root = newModule(fl, nil, nil)
	expandMacros(fl)
	return fl
}

// collect indexes the items of every file.
func (p *Package) collect() {
	ix := &index{
		structs: map[string][]*StructItem{}, aliases: map[string][]*AliasItem{}, traits: map[string][]*TraitItem{},
		fns: map[string][]*FnItem{}, methods: map[string][]*FnItem{}, byType: map[string]map[string][]*FnItem{},
		byItem:  map[*StructItem]map[string][]*FnItem{},
		statics: map[string]*ast.Node{}, staticF: map[*ast.Node]*File{},
	}
	p.ix = ix
	for _, f := range p.Files {
		src := f.Src
		f.Tree.Root.Walk(func(n *ast.Node) bool {
			switch n.Kind {
			case "mod_item":
				if body := n.Child("body"); body != nil {
					f.modules[body] = newModule(f, body, f.ModuleAt(n))
				}
			case "use_declaration":
				m := f.ModuleAt(n)
				m.Uses = append(m.Uses, n)
				if arg := n.Child("argument"); arg != nil {
					m.addImports("", arg)
				}
				return false
			case "struct_item", "union_item":
				s := &StructItem{Name: text(n.Child("name"), src), File: f, Scope: scopeOf(n), Node: n, Params: typeParamNames(n.Child("type_parameters"), src)}
				if body := n.Child("body"); body != nil {
					s.Fields = fieldDecls("", body, src)
				}
				ix.structs[s.Name] = append(ix.structs[s.Name], s)
				f.Defined[s.Name] = true
				f.define(s.Name, s.Scope)
			case "enum_item":
				s := &StructItem{Name: text(n.Child("name"), src), File: f, Scope: scopeOf(n), Node: n, Enum: true, Params: typeParamNames(n.Child("type_parameters"), src)}
				if body := n.Child("body"); body != nil {
					for _, v := range body.NamedChildren() {
						if v.Kind != "enum_variant" {
							continue
						}
						if vb := v.Child("body"); vb != nil {
							s.Fields = append(s.Fields, fieldDecls(text(v.Child("name"), src)+".", vb, src)...)
						}
					}
				}
				ix.structs[s.Name] = append(ix.structs[s.Name], s)
				f.Defined[s.Name] = true
				f.define(s.Name, s.Scope)
			case "type_item":
				a := &AliasItem{Name: text(n.Child("name"), src), File: f, Scope: scopeOf(n), Node: n, Params: typeParamNames(n.Child("type_parameters"), src), Type: n.Child("type")}
				if a.Type != nil {
					ix.aliases[a.Name] = append(ix.aliases[a.Name], a)
					f.Defined[a.Name] = true
					f.define(a.Name, a.Scope)
				}
			case "trait_item":
				t := &TraitItem{Name: text(n.Child("name"), src), File: f, Scope: scopeOf(n), Node: n, Methods: map[string]*FnItem{}}
				if b := n.Child("bounds"); b != nil {
					t.Send = boundsLevel(b, src)
				}
				ix.traits[t.Name] = append(ix.traits[t.Name], t)
				f.Defined[t.Name] = true
				f.define(t.Name, t.Scope)
			case "static_item", "const_item":
				if name := n.Child("name"); name != nil && n.Child("type") != nil {
					ix.statics[name.Text(src)] = n
					ix.staticF[n] = f
				}
			case "function_item", "function_signature_item":
				p.addFn(f, n)
			case "impl_item":
				p.implOf(f, n)
			}
			return true
		})
	}
	// What each impl is for, and `unsafe impl Send/Sync for S {}`.
	for _, im := range ix.impls {
		im.Struct = p.structAt(im.File, im.Node, im.TypeName)
		if im.Trait != "" {
			im.TraitOf = p.traitAt(im.File, im.Node, im.Trait)
		}
		if (im.Trait == "Send" || im.Trait == "Sync") && im.Struct != nil {
			if im.Trait == "Send" {
				im.Struct.Manual |= Send
			} else {
				im.Struct.Manual |= Sync
			}
		}
	}
	for _, fn := range ix.all {
		if fn.Impl == nil || fn.Impl.Struct == nil {
			continue
		}
		m := ix.byItem[fn.Impl.Struct]
		if m == nil {
			m = map[string][]*FnItem{}
			ix.byItem[fn.Impl.Struct] = m
		}
		m[fn.Name] = append(m[fn.Name], fn)
	}
	// Trait methods, once every trait is known.
	for _, fn := range ix.all {
		if fn.Trait != nil {
			fn.Trait.Methods[fn.Name] = fn
		}
	}
}

func (p *Package) addFn(f *File, n *ast.Node) {
	ix := p.ix
	src := f.Src
	fn := &FnItem{Name: text(n.Child("name"), src), File: f, Scope: scopeOf(n), Node: n, Body: n.Child("body"), Ret: n.Child("return_type")}
	for _, c := range n.Children {
		if c.Kind == "function_modifiers" && strings.Contains(c.Text(src), "async") {
			fn.Async = true
		}
	}
	for _, attr := range ast.Attributes(n, src) {
		if strings.Contains(attr, "::main") || strings.Contains(attr, "::test") || attr == "#[test]" {
			fn.Main = true
		}
	}
	if params := n.Child("parameters"); params != nil {
		for _, c := range params.NamedChildren() {
			switch c.Kind {
			case "self_parameter":
				fn.SelfKind = "value"
				t := c.Text(src)
				if strings.HasPrefix(t, "&") {
					fn.SelfKind = "ref"
					if strings.Contains(t, "mut") {
						fn.SelfKind = "refmut"
					}
				}
			case "parameter":
				if pat := c.Child("pattern"); pat != nil && pat.Text(src) == "self" {
					// `self: Arc<Self>`, `self: Pin<&mut Self>`: a method.
					fn.SelfKind = "value"
					fn.TypedSelf = c
					continue
				}
				fn.Params = append(fn.Params, c)
			}
		}
	}
	var decl *ast.Node
	if dl := n.Parent; dl != nil && dl.Kind == "declaration_list" {
		decl = dl.Parent
	}
	if decl != nil && decl.Kind == "impl_item" {
		fn.Impl = p.implOf(f, decl)
		fn.Generics = append(fn.Generics, fn.Impl.Generics...)
		fn.AsyncTrait = fn.Impl.AsyncTrait
	}
	if decl != nil && decl.Kind == "trait_item" {
		for _, t := range ix.traits[text(decl.Child("name"), src)] {
			if t.Node == decl {
				fn.Trait = t
				if t.Generics == nil {
					t.Generics = genericParams(f, decl.Child("type_parameters"), whereClause(decl))
				}
				fn.Generics = append(fn.Generics, t.Generics...)
			}
		}
		fn.AsyncTrait = asyncTraitAttr(decl, src)
	}
	fn.Generics = append(fn.Generics, genericParams(f, n.Child("type_parameters"), whereClause(n))...)
	ix.all = append(ix.all, fn)
	switch {
	case fn.Impl != nil:
		ix.methods[fn.Name] = append(ix.methods[fn.Name], fn)
		m := ix.byType[fn.Impl.TypeName]
		if m == nil {
			m = map[string][]*FnItem{}
			ix.byType[fn.Impl.TypeName] = m
		}
		m[fn.Name] = append(m[fn.Name], fn)
	case fn.Trait != nil:
		ix.methods[fn.Name] = append(ix.methods[fn.Name], fn)
	default:
		ix.fns[fn.Name] = append(ix.fns[fn.Name], fn)
	}
}

func (p *Package) implOf(f *File, n *ast.Node) *ImplItem {
	for _, im := range p.ix.impls {
		if im.Node == n {
			return im
		}
	}
	src := f.Src
	im := &ImplItem{Node: n, File: f, TypeNode: n.Child("type")}
	if im.TypeNode != nil {
		im.TypeName = typeBaseName(im.TypeNode, src)
	}
	if tr := n.Child("trait"); tr != nil {
		im.Trait = typeBaseName(tr, src)
	}
	im.Generics = genericParams(f, n.Child("type_parameters"), whereClause(n))
	im.AsyncTrait = asyncTraitAttr(n, src)
	p.ix.impls = append(p.ix.impls, im)
	return im
}

func asyncTraitAttr(item *ast.Node, src []byte) string {
	for _, attr := range ast.Attributes(item, src) {
		if strings.Contains(attr, "async_trait(?Send)") {
			return "?Send"
		}
		if strings.Contains(attr, "async_trait") {
			return "Send"
		}
	}
	return ""
}

func whereClause(n *ast.Node) *ast.Node {
	for _, c := range n.Children {
		if c.Kind == "where_clause" {
			return c
		}
	}
	return nil
}

func genericParams(f *File, tps, where *ast.Node) []*GenericParam {
	var out []*GenericParam
	byName := map[string]*GenericParam{}
	if tps != nil {
		for _, c := range tps.NamedChildren() {
			if c.Kind != "type_parameter" {
				continue
			}
			g := &GenericParam{Name: text(c.Child("name"), f.Src), File: f, Node: c}
			if b := c.Child("bounds"); b != nil {
				g.Bounds = append(g.Bounds, b)
			}
			out = append(out, g)
			byName[g.Name] = g
		}
	}
	if where != nil {
		for _, pred := range where.NamedChildren() {
			if pred.Kind != "where_predicate" {
				continue
			}
			left, b := pred.Child("left"), pred.Child("bounds")
			if left == nil || b == nil {
				continue
			}
			if g := byName[left.Text(f.Src)]; g != nil {
				g.Bounds = append(g.Bounds, b)
			}
		}
	}
	return out
}

func typeParamNames(tps *ast.Node, src []byte) []string {
	if tps == nil {
		return nil
	}
	var out []string
	for _, c := range tps.NamedChildren() {
		if c.Kind == "type_parameter" {
			out = append(out, text(c.Child("name"), src))
		}
	}
	return out
}

func fieldDecls(prefix string, body *ast.Node, src []byte) []FieldDecl {
	var out []FieldDecl
	switch body.Kind {
	case "field_declaration_list":
		for _, c := range body.NamedChildren() {
			if c.Kind == "field_declaration" && c.Child("type") != nil {
				out = append(out, FieldDecl{Name: prefix + text(c.Child("name"), src), Type: c.Child("type")})
			}
		}
	case "ordered_field_declaration_list":
		i := 0
		for _, c := range body.Children {
			if c.Field() == "type" {
				out = append(out, FieldDecl{Name: prefix + itoa(i), Type: c})
				i++
			}
		}
	}
	return out
}

// boundsLevel reads Send and Sync in a trait_bounds node.
func boundsLevel(b *ast.Node, src []byte) int {
	level := None
	for _, c := range b.NamedChildren() {
		switch lastSeg(c.Text(src)) {
		case "Send":
			level |= Send
		case "Sync":
			level |= Sync
		}
	}
	return level
}

// addImports records the names a use tree brings in.
func (f *Module) addImports(prefix string, n *ast.Node) {
	src := f.File.Src
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "::" + b
	}
	switch n.Kind {
	case "identifier", "scoped_identifier", "crate", "super", "self":
		full := join(prefix, compact(n.Text(src)))
		name := lastSeg(full)
		if name == "self" {
			full = strings.TrimSuffix(full, "::self")
			name = lastSeg(full)
		}
		f.Imports[name] = full
	case "use_as_clause":
		if p, a := n.Child("path"), n.Child("alias"); p != nil && a != nil {
			f.Imports[a.Text(src)] = join(prefix, compact(p.Text(src)))
		}
	case "scoped_use_list":
		np := prefix
		if p := n.Child("path"); p != nil {
			np = join(prefix, compact(p.Text(src)))
		}
		if l := n.Child("list"); l != nil {
			f.addImports(np, l)
		}
	case "use_list":
		for _, c := range n.NamedChildren() {
			f.addImports(prefix, c)
		}
	case "use_wildcard":
		for _, c := range n.NamedChildren() {
			f.Globs = append(f.Globs, join(prefix, compact(c.Text(src))))
		}
		if len(n.NamedChildren()) == 0 && prefix != "" {
			f.Globs = append(f.Globs, prefix)
		}
	}
}

// FullPath resolves a written path through the module's imports (and,
// through `use super::*`, its parent's): "rc::Rc" → "std::rc::Rc" after
// `use std::rc;`.
func (m *Module) FullPath(written string) string {
	written = compact(written)
	first, rest, more := strings.Cut(written, "::")
	if first == "std" || first == "core" || first == "alloc" || first == "crate" {
		return written
	}
	for x := m; x != nil; {
		if full, ok := x.Imports[first]; ok {
			if more {
				return full + "::" + rest
			}
			return full
		}
		if !more {
			for _, g := range x.Globs {
				if stdNames[g+"::"+first] != "" {
					return g + "::" + first
				}
			}
		}
		if x.hasGlob("super") {
			x = x.Parent
			continue
		}
		break
	}
	return written
}

// imports reports whether the module imports name explicitly.
func (m *Module) imports(name string) bool {
	_, ok := m.Imports[name]
	return ok
}

func (m *Module) hasGlob(g string) bool {
	for _, x := range m.Globs {
		if x == g {
			return true
		}
	}
	return false
}

// stdNames classifies the std (and common crate) types the analysis knows.
var stdNames = map[string]string{
	"std::rc::Rc": "Rc", "alloc::rc::Rc": "Rc", "std::rc::Weak": "Weak",
	"std::sync::Arc": "Arc", "alloc::sync::Arc": "Arc", "std::sync::Weak": "SWeak",
	"std::cell::RefCell": "RefCell", "core::cell::RefCell": "RefCell", "std::cell::Cell": "Cell", "core::cell::Cell": "Cell",
	"std::sync::Mutex": "Mutex", "std::sync::RwLock": "RwLock",
	"tokio::sync::Mutex": "Mutex", "tokio::sync::RwLock": "RwLock",
	"parking_lot::Mutex": "Mutex", "parking_lot::RwLock": "RwLock", "futures::lock::Mutex": "Mutex",
	"std::collections::HashMap": "Map", "std::collections::BTreeMap": "Map",
	"std::boxed::Box": "Box", "std::vec::Vec": "Vec",
	"futures::future::BoxFuture": "BoxFuture", "futures::future::LocalBoxFuture": "LocalBoxFuture",
	"futures::prelude::future::BoxFuture": "BoxFuture", "futures::prelude::future::LocalBoxFuture": "LocalBoxFuture",
	"std::pin::Pin": "Pin", "core::pin::Pin": "Pin", "std::result::Result": "Result", "std::io::Result": "IoResult",
	"std::error::Error": "Error", "core::error::Error": "Error",
}

// unqualified are the std names used without an import (the prelude) or
// so commonly that an unresolved name is taken to be std's.
var unqualified = map[string]string{
	"Rc": "Rc", "Arc": "Arc", "RefCell": "RefCell", "Cell": "Cell", "Mutex": "Mutex", "RwLock": "RwLock",
	"HashMap": "Map", "BTreeMap": "Map", "Box": "Box", "Vec": "Vec", "Option": "Option", "Result": "Result",
	"Pin": "Pin", "BoxFuture": "BoxFuture", "LocalBoxFuture": "LocalBoxFuture", "Error": "Error",
}

// StdKind classifies a type path written in the module: "Rc", "Weak",
// "Arc", "SWeak", "RefCell", "Cell", "Mutex", "RwLock", "Map", "Box", ...
// or "".
func (m *Module) StdKind(written string) string {
	full := m.FullPath(written)
	if k := stdNames[full]; k != "" {
		return k
	}
	if !strings.Contains(full, "::") {
		if m.declares(full) {
			return "" // the module's own Result, Error, ...
		}
		if full == "Weak" {
			return "Weak?"
		}
		return unqualified[full]
	}
	// tokio::sync::Mutex written through a module alias, etc.
	switch lastSeg(full) {
	case "Mutex":
		return "Mutex"
	case "RwLock":
		return "RwLock"
	case "HashMap", "BTreeMap":
		return "Map"
	case "Result":
		return "Result"
	}
	return ""
}

// define records that scope declares the type name.
func (f *File) define(name string, scope *ast.Node) {
	if f.definedIn == nil {
		f.definedIn = map[string][]*ast.Node{}
	}
	f.definedIn[name] = append(f.definedIn[name], scope)
}

// declares reports whether the module (or, through `use super::*`, the
// modules around it) declares the type name: another module's item of
// that name does not shadow std's.
func (m *Module) declares(name string) bool {
	for x := m; x != nil; x = x.Parent {
		for _, sc := range x.File.definedIn[name] {
			if sc == x.Node || sc != nil && sc.Kind == "block" {
				return true // a block's item: its uses are in it
			}
		}
		if !x.hasGlob("super") {
			break
		}
	}
	return false
}

func text(n *ast.Node, src []byte) string {
	if n == nil {
		return ""
	}
	return n.Text(src)
}

func compact(s string) string {
	if strings.IndexAny(s, " \t\r\n\v\f\u0085\u00a0") < 0 {
		return s // most paths have no space: no copy
	}
	return strings.Join(strings.Fields(s), "")
}

func lastSeg(s string) string {
	s = compact(s)
	if i := strings.Index(s, "<"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "::"); i >= 0 {
		return s[i+2:]
	}
	return s
}

// typeBaseName returns the name of a written type: "Node" for
// `crate::graph::Node<T>`, "" for references, tuples and the like.
func typeBaseName(t *ast.Node, src []byte) string {
	switch t.Kind {
	case "type_identifier", "identifier":
		return t.Text(src)
	case "generic_type":
		if inner := t.Child("type"); inner != nil {
			return typeBaseName(inner, src)
		}
	case "scoped_type_identifier", "scoped_identifier":
		if name := t.Child("name"); name != nil {
			return name.Text(src)
		}
	}
	return ""
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
