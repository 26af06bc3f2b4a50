// Package diffout renders sendfix's output: unified diffs of the files it
// would change, and its findings as text, JSON or GitHub Actions workflow
// commands.
//
// # Unified diffs
//
// [Unified] produces a patch that `git apply` (and `patch -p1`) accept:
// `--- a/PATH` / `+++ b/PATH` headers, three lines of context, hunks merged
// when their context overlaps or touches, git's hunk-header conventions
// (",1" counts omitted, an empty side printed as "-0,0" / "+N,0" with N the
// line before the hunk) and a `\ No newline at end of file` marker after a
// last line that lacks one. Lines are compared and printed byte-exact: a
// CRLF line keeps its "\r", invalid UTF-8 is kept as is. As git does, a path
// holding a space is followed by a tab (for GNU patch), and one holding a
// double quote, a backslash or a control character is C-quoted; non-ASCII
// letters are printed as they are (git's core.quotePath=false). The line
// diff is go-diff's (github.com/sergi/go-diff) line mode, run without a time
// limit so that the same input always gives the same output. The patches of
// several files can simply be concatenated.
//
// With color set, headers are bold, hunk headers cyan, removed lines red and
// added lines green (ANSI SGR codes); every coloured line is reset before its
// line terminator ("\n" or "\r\n"), so a terminal never sees the colour
// cross a line. Coloured output is for people, not for `git apply`.
//
// # Findings
//
// [Text], [JSON] and [GitHub] print findings in the order given; call [Sort]
// first for a deterministic order (path, line, column, transform, message).
//
// Text prints one finding per line:
//
//	path:line:col: transform: message
//
// A message with several lines continues on lines that start with a tab.
//
// JSON prints one document (indented, ending in a newline; HTML characters
// are not escaped):
//
//	{
//	  "version": 1,            // bumped on any incompatible change
//	  "findings": [            // never null
//	    {
//	      "path": "src/a.rs",  // repository-relative, forward slashes
//	      "line": 3,           // 1-based line of the reported node
//	      "column": 5,         // 1-based column of the reported node
//	      "start": 40,         // byte offset of the reported node
//	      "end": 52,           // byte offset just past it
//	      "transform": "scope-guard",
//	      "message": "...",
//	      "fixable": true,     // false: needs a manual fix, message says why
//	      "fixMessage": "...", // what the fix does; "" when not fixable
//	      "edits": [           // never null; [] when not fixable
//	        {"start": 40, "end": 52, "new": "..."} // replace bytes [start,end) of the original file
//	      ]
//	    }
//	  ]
//	}
//
// GitHub prints one workflow command per finding,
//
//	::warning file=PATH,line=L,col=C,title=sendfix TRANSFORM::MESSAGE
//
// with the message escaped as GitHub requires (% \r \n as %25 %0D %0A) and
// the property values additionally escaping : and , (%3A %2C).
package diffout
