package journal

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PrivacyWarning says that a field holds text that looks like it could
// identify a family: a phone number, an e-mail address, a full date of
// birth, a street address or a name from the user's watch list.
type PrivacyWarning struct {
	Field string // "notes", "title", "reflection 2 answer", ...
	What  string // "a phone number", "an e-mail address", ...
	Match string // the text that matched
}

// String is the warning as one line for people.
func (w PrivacyWarning) String() string {
	return w.Field + ": " + strconv.Quote(w.Match) + " looks like " + w.What
}

// PrivacyChecker finds identifying details in entries. Build one with
// NewPrivacyChecker and reuse it: it compiles its patterns once.
type PrivacyChecker struct {
	patterns []privacyPattern
	names    []string // the watch list
}

type privacyPattern struct {
	what string
	re   *regexp.Regexp
}

var months = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// NewPrivacyChecker returns a checker for the built-in patterns and the
// names of the user's watch list (matched as whole words, any case).
func NewPrivacyChecker(watch []string) *PrivacyChecker {
	c := &PrivacyChecker{patterns: []privacyPattern{
		{what: "an e-mail address", re: regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}`)},
		{what: "a phone number", re: regexp.MustCompile(`(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b`)},
		{what: "a date of birth", re: regexp.MustCompile(`(?i)\b(?:born|dob|d\.o\.b\.?|birthday|date of birth|birth date)\b[\s:,]*(?:(?:is|was|on)\s+)?(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+` + months + `\.?,?\s+\d{4}|` + months + `\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})`)},
		{what: "a street address", re: regexp.MustCompile(`(?i)\b\d{1,6}\s+(?:[a-z]+\.?\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|circle|highway|hwy)\b\.?`)},
	}}
	for _, name := range watch {
		if name = strings.TrimSpace(name); name != "" {
			c.names = append(c.names, name)
		}
	}
	return c
}

// Check returns the warnings for every private text field of e, in field
// order.
func (c *PrivacyChecker) Check(e *Entry) []PrivacyWarning {
	var out []PrivacyWarning
	check := func(field, text string) {
		out = append(out, c.checkText(field, text)...)
	}
	check("family", e.Family)
	check("title", e.Title)
	check("notes", e.Notes)
	for i, r := range e.Reflections {
		check("reflection "+strconv.Itoa(i+1)+" answer", r.Answer)
	}
	return out
}

func (c *PrivacyChecker) checkText(field, text string) []PrivacyWarning {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var out []PrivacyWarning
	for _, p := range c.patterns {
		for _, m := range p.re.FindAllString(text, 3) {
			out = append(out, PrivacyWarning{Field: field, What: p.what, Match: strings.TrimFunc(m, unicode.IsSpace)})
		}
	}
	lower := strings.ToLower(text)
	for _, name := range c.names {
		if !strings.Contains(lower, strings.ToLower(name)) {
			continue // the cheap test first: most text holds no watched name
		}
		if m, ok := findWord(text, name); ok {
			out = append(out, PrivacyWarning{Field: field, What: "a name on your watch list (" + name + ")", Match: m})
		}
	}
	return out
}

// findWord finds word in text, ignoring case, where it stands as a whole
// word: not preceded or followed by a letter or digit.
func findWord(text, word string) (string, bool) {
	n := utf8.RuneCountInString(word)
	for i := range text {
		end := i
		for k := 0; k < n && end < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
		}
		if !strings.EqualFold(text[i:end], word) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return text[i:end], true
		}
	}
	return "", false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// NormalizeWatchName tidies a name for the watch list and checks it.
func NormalizeWatchName(name string) (string, error) {
	name = strings.Join(strings.Fields(CleanText(name)), " ")
	if name == "" {
		return "", Invalid("name", "a name is needed")
	}
	if err := checkText("name", name, 80, true); err != nil {
		return "", err
	}
	return name, nil
}
