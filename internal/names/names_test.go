package names

import "testing"

func TestHidden(t *testing.T) {
	for _, c := range []struct {
		name string
		want rune
		ok   bool
	}{
		{"bilateral", 0, false},
		{"переговоры", 0, false},
		{"a\x00b", 0, true},
		{"a\nb", '\n', true},
		{"x\u202ey", 0x202E, true},
		{"x\u2067y", 0x2067, true},
		{"\u200f", 0x200F, true},
	} {
		r, ok := Hidden(c.name)
		if ok != c.ok || r != c.want {
			t.Errorf("Hidden(%q) = %U, %v; want %U, %v", c.name, r, ok, c.want, c.ok)
		}
	}
}
