package rustast

import "bytes"

// IdentByte reports whether b can be part of a Rust identifier (ASCII).
func IdentByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// ContainsWord reports whether src holds w as a whole identifier.
func ContainsWord(src []byte, w string) bool { return ContainsWordWhere(src, w, nil) }

// ContainsWordWhere is ContainsWord counting only the occurrences at
// offsets for which ok (when set) is true.
func ContainsWordWhere(src []byte, w string, ok func(at int) bool) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(w))
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(w)
		if (at == 0 || !IdentByte(src[at-1])) && (end == len(src) || !IdentByte(src[end])) && (ok == nil || ok(at)) {
			return true
		}
		i = end
	}
}

// ContainsAnyWord reports whether src holds one of words as a whole word.
func ContainsAnyWord(src []byte, words []string) bool {
	for _, w := range words {
		if ContainsWord(src, w) {
			return true
		}
	}
	return false
}
