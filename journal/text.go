package journal

import (
	"strings"
	"unicode/utf8"
)

// CleanText removes what has no place in a journal's text: well-formed
// terminal escape sequences (CSI, and OSC, DCS and the like ended by BEL or
// ST, removed whole), C0 control characters other than newline and tab, DEL,
// C1 controls, and Unicode bidirectional overrides, which can make text read
// differently from what it holds. Carriage returns become newlines. Invalid
// UTF-8 bytes are kept, so that validation can refuse them by name; SafeText
// replaces them.
//
// It never removes the words around what it removes: a C1 control (often a
// character of text mis-decoded from Windows-1252) loses only itself, and a
// string sequence that is not ended before a newline or another control loses
// only its introducer, so the text after it stays.
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
	return strings.ToValidUTF8(CleanLine(s), "\uFFFD")
}

// CleanLine is CleanText for text that is one line (a name): newlines and
// tabs become spaces.
func CleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, CleanText(s))
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

// escapeLen returns the length of what to remove at the start of s, which
// begins with ESC: a whole well-formed sequence, or the introducer of a
// string sequence that is not ended.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		if n, ok := stringBodyLen(s[2:]); ok {
			return 2 + n
		}
		return 2
	}
	// Sequences such as charset selections (ESC ( B): intermediate bytes,
	// then a final byte. Without the final byte the ESC alone goes, so that
	// neither a letter of more than one byte nor a line break is cut.
	if s[1] >= 0x20 && s[1] <= 0x2f {
		n := 2
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			return n + 1
		}
		return 1
	}
	// Two-character sequences such as ESC c or ESC 7.
	if s[1] < 0x20 || s[1] >= 0x7f {
		return 1
	}
	return 2
}

// csiBodyLen returns the length of a CSI sequence's body, which ends with a
// final byte in 0x40-0x7e; a broken sequence ends before a stray byte.
func csiBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c > 0x7e {
			return i
		}
	}
	return len(s)
}

// stringBodyLen returns the length of the body of a string sequence (OSC,
// DCS, SOS, PM, APC) with its terminator, BEL, ST (ESC \) or the C1 ST, and
// whether there is one: a body holds printable characters only, so a newline,
// another control or the end of the text before a terminator means the
// introducer was a stray character, not a sequence.
func stringBodyLen(s string) (int, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x07:
			return i + 1, true
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2, true
			}
			return 0, false
		case c < 0x20 || c == 0x7f:
			return 0, false
		case c < 0x80:
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x9c:
			return i + size, true
		case isControl(r):
			return 0, false
		}
		i += size
	}
	return 0, false
}

// ShellQuote quotes s as one word for a POSIX shell, for a command hone
// prints for the user to run: bare when it holds only characters no shell
// treats specially (and does not start with "=", which zsh expands), else
// in single quotes, inside which only a single quote needs care: it ends
// the quotes, is escaped, and they start again. It does not make s safe
// for a terminal; SafeText or SafeLine does.
func ShellQuote(s string) string {
	if s != "" && s[0] != '=' && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/:=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
