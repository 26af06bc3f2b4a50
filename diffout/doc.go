// Package diffout renders sendfix's output: unified diffs of the files it
// would change, its findings as text, JSON, SARIF or GitHub Actions workflow
// commands, and pull-request descriptions.
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
// [Text], [JSON], [SARIF] and [GitHub] print findings in the order given; call [Sort]
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
// A fix found on text an earlier fix changed (the engine's later rounds:
// scope-guard after rc-to-arc turned a borrow into a lock) is given in the
// original file's offsets too; where it builds on the earlier fix's
// replacement, its edit covers that replacement and carries its text.
//
// GitHub prints one workflow command per finding,
//
//	::warning file=PATH,line=L,col=C,title=sendfix TRANSFORM::MESSAGE
//
// with the message escaped as GitHub requires (% \r \n as %25 %0D %0A) and
// the property values additionally escaping : and , (%3A %2C).
//
// # SARIF
//
// [SARIF] prints one SARIF 2.1.0 log (indented, ending in a newline) with a
// single run:
//
//   - tool.driver: name "sendfix", its version when known, and one rule per
//     transform that ran or is named by a finding, sorted by id: id the
//     transform's name, name its CamelCase form, shortDescription the
//     summary of its doc, fullDescription the doc's first paragraph, help the
//     doc as text and as Markdown (indented examples become ```rust blocks),
//     defaultConfiguration.level "warning", tags rust/async/send.
//   - columnKind "unicodeCodePoints": columns and charOffset/charLength count
//     code points, computed from the files' text ([SARIFOptions].Source).
//   - one result per finding: ruleId/ruleIndex, level "warning", the message,
//     one location (artifactLocation.uri the repository-relative path,
//     percent-encoded, with uriBaseId "%SRCROOT%"; region start and end of
//     the reported node), partialFingerprints {"sendfix/v1": a hash of the
//     transform, the path, the reported code and its ordinal among equal
//     ones, so a result keeps its identity when lines move}, properties
//     {"fixable": bool}, and for a fixable finding one fix: description the
//     fix's message, one artifactChange per file it edits (the finding's own
//     first), replacements in file order, each a deletedRegion (lines,
//     columns, charOffset, charLength; byteOffset/byteLength when the text is
//     not known) and its insertedContent.
//
// Empty arrays are written as [], never null. diffout/testdata holds a JSON
// schema of the SARIF 2.1.0 objects sendfix writes, which the tests validate
// against.
//
// # Pull-request descriptions
//
// [PRBody] returns a one-line title and a Markdown body: first line
// `<!-- title: TITLE -->`, a heading, a sentence with the counts, a table of
// fixed / declined (interactive review) / left-for-a-human findings by
// transform, "Why these fixes" (one sentence per transform), "Changes" (each
// applied fix: `path:line` (`transform`): message (fix: what it does)),
// "Declined in review", "Left for a human" (findings without a fix, and
// fixes that were not applied), and a footer naming the command. Messages are
// escaped for Markdown outside their `code spans`.
package diffout
