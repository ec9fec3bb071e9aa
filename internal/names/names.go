// Package names checks the names users give to parts of a model.
package names

import "unicode"

// Hidden returns the first character of name that a reader would not see
// for what it is: a control character (NUL, escape, a line break) or a
// bidirectional override or mark, which reorders the text around it.
func Hidden(name string) (rune, bool) {
	for _, r := range name {
		if unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
			r == 0x200E || r == 0x200F || r == 0x061C {
			return r, true
		}
	}
	return 0, false
}
