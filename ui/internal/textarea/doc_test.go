package textarea

import (
	"strings"
	"unicode"
)

// doc returns a raw string literal written indented in a test as the text it
// stands for: without its first newline and without the indentation its
// lines share. Upstream's tests use github.com/MakeNowJust/heredoc for this.
func doc(raw string) string {
	raw = strings.TrimPrefix(raw, "\n")
	lines := strings.Split(raw, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeftFunc(l, unicode.IsSpace))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && len(l) < max(indent, 0) {
			lines[i] = ""
			continue
		}
		lines[i] = l[max(indent, 0):]
	}
	return strings.Join(lines, "\n")
}
