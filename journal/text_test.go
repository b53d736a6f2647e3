package journal

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Dad led the round.", "Dad led the round."},
		{"KeepsNewlineAndTab", "a\n\tb", "a\n\tb"},
		{"CRLF", "a\r\nb\rc", "a\nb\nc"},
		{"CSIColour", "red \x1b[31mtext\x1b[0m", "red text"},
		{"CSIClearScreen", "\x1b[2J\x1b[Hhi", "hi"},
		{"OSCTitleBEL", "\x1b]0;owned\x07ok", "ok"},
		{"OSCHyperlinkST", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"DCS", "\x1bPq#0;2;0;0;0\x1b\\after", "after"},
		{"C1CSIKeepsWhatFollows", "a\u009b31mb", "a31mb"},
		{"C1Controls", "a\u0085b\u009cc", "abc"},
		{"Bell", "ding\x07", "ding"},
		{"Null", "a\x00b", "ab"},
		{"Delete", "a\x7fb", "ab"},
		{"BidiOverride", "abc\u202edcba\u202c", "abcdcba"},
		{"BidiIsolate", "\u2066x\u2069", "x"},
		{"LoneEscape", "end\x1b", "end"},
		{"EscapeCharset", "\x1b(Bplain", "plain"},
		{"UnicodeKept", "Grand-mère — 👍", "Grand-mère — 👍"},
		{"InvalidUTF8Kept", "a\xffb", "a\xffb"},
		{"RemovalJoinsBytesIntoAControl", "\xc2\x18\x81", ""},
		// Stray C1 controls and unterminated string sequences lose only
		// themselves, never the words after them.
		{"StrayC1SOS", "Dvořák met \u0098 the family and agreed on a plan", "Dvořák met  the family and agreed on a plan"},
		{"StrayC1DCS", "met \u0090the family", "met the family"},
		{"StrayC1OSC", "met \u009dthe family", "met the family"},
		{"StrayC1PM", "met \u009ethe family", "met the family"},
		{"StrayC1APC", "met \u009fthe family", "met the family"},
		{"StrayC1CSIBeforeALetter", "He said \u009bMama\u0094 twice", "He said Mama twice"},
		{"Windows1252Misdecoded", "\u0093Plan\u0094 \u0096 it\u0092s \u0098ok\u009c \u0085 yes", "Plan  its ok  yes"},
		{"UnterminatedOSC", "met \x1b] the family", "met  the family"},
		{"UnterminatedDCS", "met \x1bP the family", "met  the family"},
		{"UnterminatedSOS", "met \x1bX the family", "met  the family"},
		{"UnterminatedPM", "met \x1b^ the family", "met  the family"},
		{"UnterminatedAPC", "met \x1b_ the family", "met  the family"},
		{"OSCBrokenByANewline", "a\x1b]0;title\nthe family agreed\x07", "a0;title\nthe family agreed"},
		{"OSCBrokenByAnEscape", "a\x1b]0;x\x1b[1mbold", "a0;xbold"},
		{"C1STLaterInText", "\u009dthe family\u009c agreed", "the family agreed"},
		{"OSCEndedByC1ST", "\x1b]0;t\u009cok", "ok"},
		// ESC and intermediate bytes need a final byte (0x30-0x7e) to be a
		// sequence; before anything else the ESC alone goes, and a letter of
		// more than one byte is never cut.
		{"EscIntermediateBeforeAnAccent", "a\x1b(é b", "a(é b"},
		{"EscIntermediatesBeforeAnEmoji", "a\x1b $👍", "a $👍"},
		{"EscIntermediateBeforeANewline", "a\x1b(\nb", "a(\nb"},
		{"EscTwoIntermediates", "a\x1b$(Bb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeLine(t *testing.T) {
	if got, want := SafeLine("a\nb\tc\xff\x1b[1m"), "a b c\uFFFD"; got != want {
		t.Errorf("SafeLine = %q, want %q", got, want)
	}
}

// FuzzCleanText checks that cleaned text holds no control character but
// newline and tab, no escape, and that cleaning twice changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mx", "\x1b]0;t\x07", "\u009b1m", "a\r\nb", "\xff\xfe",
		"Dvořák met \u0098 the family", "a\x1b] b", "a\x1bPb\nc\x07", "\u009dx\u009cy", "\x1b\x1b]]x", "\x1b(é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := SafeText(s)
		if !utf8.ValidString(c) {
			t.Fatalf("SafeText(%q) is not UTF-8", s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(CleanText(s)) {
			t.Fatalf("CleanText(%q) = %q cut a character of valid UTF-8", s, CleanText(s))
		}
		for _, r := range c {
			if r != '\n' && r != '\t' && isControl(r) {
				t.Fatalf("SafeText(%q) = %q keeps %U", s, c, r)
			}
		}
		if strings.ContainsRune(c, 0x1b) {
			t.Fatalf("SafeText(%q) keeps ESC", s)
		}
		if again := SafeText(c); again != c {
			t.Fatalf("SafeText is not idempotent on %q: %q then %q", s, c, again)
		}
		// Without ESC there is no sequence: every character that is not a
		// control stays, whatever controls stand around it.
		if utf8.ValidString(s) && !strings.Contains(s, "\x1b") {
			want := strings.Map(func(r rune) rune {
				if r != '\n' && r != '\t' && isControl(r) {
					return -1
				}
				return r
			}, strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
			if got := CleanText(s); got != want {
				t.Fatalf("CleanText(%q) = %q, want %q: text was dropped", s, got, want)
			}
		}
	})
}

// TestOneLineFieldsKeepWhatFollowsABreak: a title or family code with a
// line break (a string sequence broken by one, say) keeps the text after
// it, on one line.
func TestOneLineFieldsKeepWhatFollowsABreak(t *testing.T) {
	e := Entry{Title: "met\x1b]0;\nthe family", Family: "F\n12"}
	e.Normalize()
	if e.Title != "met0; the family" || e.Family != "F 12" {
		t.Errorf("Normalize gave title %q, family %q", e.Title, e.Family)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/home/me/journal.db": "/home/me/journal.db",
		"/home/me/my journal": "'/home/me/my journal'",
		"it's":                `'it'\''s'`,
		"eng.mi=4":            "eng.mi=4",
		"=cmd":                "'=cmd'",
		"~/j.db":              "'~/j.db'",
		"#mi":                 "'#mi'",
		"":                    "''",
		"two\nlines":          "'two\nlines'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
