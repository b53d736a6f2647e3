package store

// The lexical half of the entry scanner (entry_json.go): whitespace,
// keys, strings with their escapes, numbers, booleans, and skipping a
// value, each checked as encoding/json would.

import (
	"bytes"
	"encoding/binary"
	"math"
	"unicode/utf16"
	"unicode/utf8"
)

// skipValue skips a value of any field of an entry record: a string, a
// number, an object of ratings or an array (reflections or tags). It checks
// less than the other readers: a record it passes may still fail to decode,
// which the second read (entry without a tally) finds.
func (s *entryScanner) skipValue() bool {
	switch c := s.peek(); {
	case c == '"':
		return s.skipStringFast()
	case c == '-' || '0' <= c && c <= '9':
		_, ok := s.int()
		return ok
	case c == '{' || c == '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if !s.skipStringFast() {
					return false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.i++
					return true
				}
			}
			s.i++
		}
	}
	return false
}

func (s *entryScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// next consumes c if it comes next.
func (s *entryScanner) next(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// ws skips JSON white space.
func (s *entryScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// key reads an object key without escapes and the colon after it. The
// bytes are valid until the record changes.
func (s *entryScanner) key() ([]byte, bool) {
	k, ok := s.plain()
	if !ok {
		return nil, false
	}
	s.ws()
	return k, s.next(':')
}

// plain reads a string without escapes, of valid UTF-8, and returns the
// bytes between its quotes, valid until the record changes. It reports
// false, having read nothing, for any other value.
func (s *entryScanner) plain() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	start := s.i + 1
	for i := start; ; {
		i = scanPlain(s.b, i)
		if i >= len(s.b) {
			return nil, false
		}
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			return s.b[start:i], true
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(s.b[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, false
			}
			i += n
		default: // an escape or a control character
			return nil, false
		}
	}
}

// istr reads a string as str does, interned when s interns.
func (s *entryScanner) istr() (string, bool) {
	if s.intern == nil {
		return s.str()
	}
	raw, ok := s.plain()
	if !ok {
		return s.str()
	}
	if v, ok := s.intern[string(raw)]; ok {
		return v, true
	}
	v := string(raw)
	if len(s.intern) < maxIntern {
		s.intern[v] = v
	}
	return v, true
}

// int reads an integer: JSON's number without fraction or exponent, within
// int64.
func (s *entryScanner) int() (int64, bool) {
	neg := s.next('-')
	digits := s.i
	var n uint64
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		d := uint64(s.b[s.i] - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
		s.i++
	}
	switch {
	case s.i == digits, s.b[digits] == '0' && s.i > digits+1: // no digits, a leading zero
		return 0, false
	case s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E'):
		return 0, false
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	return int64(n), true
}

// bool reads true or false.
func (s *entryScanner) bool() (bool, bool) {
	switch {
	case bytes.HasPrefix(s.b[s.i:], []byte("true")):
		s.i += 4
		return true, true
	case bytes.HasPrefix(s.b[s.i:], []byte("false")):
		s.i += 5
		return false, true
	}
	return false, false
}

// skipString skips a string, checking it as str does.
func (s *entryScanner) skipString() bool {
	_, ok := s.string(false)
	return ok
}

// skipStringFast skips a string, checking only where it ends: for the
// fields a tally does not read.
func (s *entryScanner) skipStringFast() bool {
	if !s.next('"') {
		return false
	}
	for {
		q := bytes.IndexByte(s.b[s.i:], '"')
		if q < 0 {
			return false
		}
		s.i += q + 1
		// The quote ends the string unless an odd number of backslashes
		// escapes it.
		n := 0
		for j := s.i - 2; j >= 0 && s.b[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return true
		}
	}
}

// str reads a string as encoding/json does, but gives up on invalid UTF-8,
// which encoding/json replaces.
func (s *entryScanner) str() (string, bool) {
	return s.string(true)
}

// string reads a string, returning it when keep is set. The unescaping is
// encoding/json's unquoteBytes.
func (s *entryScanner) string(keep bool) (string, bool) {
	if !s.next('"') {
		return "", false
	}
	start := s.i
	var out []byte // the string so far, once it has an escape and keep is set
	escaped := false
	for {
		s.i = scanPlain(s.b, s.i)
		if s.i >= len(s.b) {
			return "", false
		}
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			switch {
			case !keep:
				return "", true
			case !escaped:
				return string(s.b[start : s.i-1]), true
			}
			out = append(out, s.b[start:s.i-1]...)
			s.scratch = out[:0]
			return string(out), true
		case c >= utf8.RuneSelf:
			if !s.rune() {
				return "", false
			}
			continue
		case c < ' ':
			return "", false
		}
		// A backslash.
		if keep {
			if !escaped {
				out = s.scratch[:0]
			}
			out = append(out, s.b[start:s.i]...)
		}
		escaped = true
		s.i++
		if s.i >= len(s.b) {
			return "", false
		}
		e := s.b[s.i]
		s.i++
		switch e {
		case '"', '\\', '/':
		case 'b':
			e = '\b'
		case 'f':
			e = '\f'
		case 'n':
			e = '\n'
		case 'r':
			e = '\r'
		case 't':
			e = '\t'
		case 'u':
			rr := getu4(s.b[s.i-2:])
			if rr < 0 {
				return "", false
			}
			s.i += 4
			if utf16.IsSurrogate(rr) {
				// A second escape may complete the pair; without it the
				// surrogate becomes U+FFFD, and the next escape is read
				// on its own.
				if rr1 := getu4(s.b[s.i:]); rr1 >= 0 {
					if dec := utf16.DecodeRune(rr, rr1); dec != utf8.RuneError {
						s.i += 6
						rr = dec
					} else {
						rr = utf8.RuneError
					}
				} else {
					rr = utf8.RuneError
				}
			}
			if keep {
				out = utf8.AppendRune(out, rr)
			}
			start = s.i
			continue
		default:
			return "", false
		}
		if keep {
			out = append(out, e)
		}
		start = s.i
	}
}

// rune steps over the UTF-8 sequence at s.i, reporting false when it is
// invalid (encoding/json would replace it).
func (s *entryScanner) rune() bool {
	r, n := utf8.DecodeRune(s.b[s.i:])
	if r == utf8.RuneError && n == 1 {
		return false
	}
	s.i += n
	return true
}

// scanPlain returns the index of the first byte of b at or after i that a
// string cannot hold as it is: a quote, a backslash, a control character,
// or the start of a multi-byte sequence; len(b) when there is none. It
// tests eight bytes at a time.
func scanPlain(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if ((q-ones)&^q|(bs-ones)&^bs|(x-ones*' ')&^x|x)&highs != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

// getu4 decodes \uXXXX from the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
