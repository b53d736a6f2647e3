package journal

import (
	"strings"
	"unicode/utf8"
)

// CleanText removes what has no place in a journal's text: terminal escape
// sequences (CSI, OSC, DCS and the like, removed whole), C0 control
// characters other than newline and tab, DEL, C1 controls, and Unicode
// bidirectional overrides, which can make text read differently from what it
// holds. Carriage returns become newlines. Invalid UTF-8 bytes are kept, so
// that validation can refuse them by name; SafeText replaces them.
func CleanText(s string) string {
	// Removing a character can join the invalid bytes around it into a
	// valid one ("\xc2\x18\x81" becomes U+0081): clean until nothing changes.
	for !isClean(s) {
		t := cleanOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// cleanOnce is one pass of CleanText.
func cleanOnce(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteByte(s[i]) // invalid byte: kept for Validate to name
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			// C1 introducers of CSI, OSC, DCS, SOS, PM, APC: drop the sequence.
			i += size + sequenceBodyLen(s[i+size:], r == 0x9b)
			continue
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				break // the \n that follows is kept
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case isControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// SafeText returns s made safe to print on a terminal: CleanText, with
// invalid UTF-8 replaced by U+FFFD. Every piece of text read from a journal
// or a file passes through it before it reaches a screen.
func SafeText(s string) string {
	return strings.ToValidUTF8(CleanText(s), "\uFFFD")
}

// SafeLine is SafeText for one line of output: newlines and tabs become
// spaces.
func SafeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, SafeText(s))
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// isControl reports whether r is a control or bidi-override character that
// CleanText removes.
func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + sequenceBodyLen(s[2:], true)
	case ']', 'P', 'X', '^', '_':
		return 2 + sequenceBodyLen(s[2:], false)
	}
	// Two-character sequences such as ESC c or ESC 7, and charset selections
	// such as ESC ( B.
	if s[1] >= 0x20 && s[1] <= 0x2f && len(s) >= 3 {
		return 3
	}
	if s[1] < 0x20 || s[1] >= 0x7f {
		return 1
	}
	return 2
}

// sequenceBodyLen returns the length of a control sequence's body. A CSI body
// ends with a final byte in 0x40-0x7e; a string body (OSC, DCS, ...) ends with
// BEL, ST (ESC \) or the C1 ST, or at the end of the text.
func sequenceBodyLen(s string, csi bool) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if csi {
			if c >= 0x40 && c <= 0x7e {
				return i + 1
			}
			if c < 0x20 || c > 0x7e {
				return i // a broken sequence ends before a stray byte
			}
			continue
		}
		switch {
		case c == 0x07:
			return i + 1
		case c == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
	}
	return len(s)
}
