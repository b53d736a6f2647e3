package journal

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Skill is one practice skill a facilitator rates, with a behavioural anchor
// for ratings of 1, 3 and 5 (2 and 4 lie between).
type Skill struct {
	ID          string // [a-z][a-z0-9.-]{1,31}; the 16 built-in ids are fixed
	Name        string
	Group       string // e.g. "Engagement", "Teamwork"
	KeyElement  string // the WFI-EZ key element it supports
	Description string
	Anchors     [3]string // behaviour at 1, 3 and 5
	Archived    bool      // hidden from rating and drift; ratings are kept
	Builtin     bool
}

// Limits on skill fields.
const (
	MaxSkillName = 80
	MaxSkillText = 2000
)

// ValidateSkillID checks the form of a skill id.
func ValidateSkillID(id string) error {
	ok := len(id) >= 2 && len(id) <= 32 && id[0] >= 'a' && id[0] <= 'z' &&
		strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789.-") == ""
	if !ok {
		return Invalid("skill id", "%q is not a skill id; use 2-32 lower-case letters, digits, dots and dashes, starting with a letter", id)
	}
	return nil
}

// Normalize removes control characters and surrounding space from s's text.
func (s *Skill) Normalize() {
	s.ID = strings.ToLower(strings.TrimSpace(s.ID))
	s.Name = strings.TrimSpace(CleanLine(s.Name))
	s.Group = strings.TrimSpace(CleanLine(s.Group))
	s.KeyElement = strings.TrimSpace(CleanLine(s.KeyElement))
	s.Description = strings.TrimSpace(CleanText(s.Description))
	for i := range s.Anchors {
		s.Anchors[i] = strings.TrimSpace(CleanText(s.Anchors[i]))
	}
}

// Validate checks a skill's id and text fields.
func (s *Skill) Validate() error {
	if err := ValidateSkillID(s.ID); err != nil {
		return err
	}
	if s.Name == "" {
		return Invalid("name", "a skill needs a name")
	}
	short := []struct {
		field, text string
		max         int
	}{{"name", s.Name, MaxSkillName}, {"group", s.Group, MaxSkillName}, {"key element", s.KeyElement, MaxSkillName}}
	for _, f := range short {
		if err := checkText(f.field, f.text, f.max, true); err != nil {
			return err
		}
		// One plain line, as Normalize makes it: a name is shown and
		// written where a line break or a control character does not
		// belong (a drift record's name is refused with one).
		if CleanLine(f.text) != f.text {
			return Invalid(f.field, "holds a line break or control characters; use one plain line")
		}
	}
	if err := checkText("description", s.Description, MaxSkillText, true); err != nil {
		return err
	}
	for i, a := range s.Anchors {
		if err := checkText("anchor "+strconv.Itoa(2*i+1), a, MaxSkillText, true); err != nil {
			return err
		}
	}
	return nil
}

// Catalog is the list of skills a journal knows, built-in and custom.
type Catalog []Skill

// Find returns the skill with the given id.
func (c Catalog) Find(id string) (Skill, bool) {
	for _, s := range c {
		if s.ID == id {
			return s, true
		}
	}
	return Skill{}, false
}

// Active returns the skills that are not archived.
func (c Catalog) Active() Catalog {
	var out Catalog
	for _, s := range c {
		if !s.Archived {
			out = append(out, s)
		}
	}
	return out
}

// CheckRating checks that id names a skill of c and that value is a rating
// from 1 to 5. An unknown id gets the nearest known ids as suggestions.
func (c Catalog) CheckRating(id string, value int) error {
	if _, ok := c.Find(id); !ok {
		msg := "unknown skill " + strconv.Quote(id)
		if near := c.Nearest(id, 3); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		return &Error{Code: EINVALID, Field: "rating", Message: msg + " (hone skills lists them)"}
	}
	if value < 1 || value > 5 {
		return Invalid("rating", "%s=%d is outside 1-5; rate with a whole number from 1 to 5", id, value)
	}
	return nil
}

// Nearest returns up to n skill ids that are closest to id in edit distance,
// nearest first, leaving out those too far to be a likely typo. An id whose
// part after the dot matches (mi for eng.mi) counts as near.
func (c Catalog) Nearest(id string, n int) []string {
	ids := make([]string, len(c))
	for i, s := range c {
		ids[i] = s.ID
	}
	return nearest(id, ids, n, func(id, cand string) int {
		if _, tail, ok := strings.Cut(cand, "."); ok && (tail == id || strings.HasPrefix(tail, id) && len(id) >= 3) {
			return 0
		}
		return editDistance(id, cand)
	})
}

// Nearest returns up to n of words that are closest to word in edit
// distance, nearest first, leaving out those too far to be a likely typo:
// the "did you mean" of a mistyped prompt id, command or flag. A word that
// starts with the same three letters counts as near (--rating for --rate),
// after the closer ones.
func Nearest(word string, words []string, n int) []string {
	return nearest(word, words, n, func(word, cand string) int {
		d := editDistance(word, cand)
		if len(word) >= 3 && strings.HasPrefix(cand, word[:3]) {
			d = min(d, 2)
		}
		return d
	})
}

// nearest is Nearest with the distance given.
func nearest(word string, words []string, n int, distance func(word, cand string) int) []string {
	type cand struct {
		word string
		dist int
	}
	var cands []cand
	for _, w := range words {
		if d := distance(word, w); d <= max(2, utf8.RuneCountInString(word)/3) {
			cands = append(cands, cand{w, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].word)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// RatingForm is the accepted form of a --rate value, for error messages.
const RatingForm = "SKILL=N with N from 1 to 5, e.g. eng.mi=4"

// ParseRating reads "SKILL=N" as typed on the command line. It checks the
// form only; Catalog.CheckRating checks the skill and the range.
func ParseRating(s string) (skill string, value int, err error) {
	id, num, ok := strings.Cut(strings.TrimSpace(s), "=")
	id = strings.ToLower(strings.TrimSpace(id))
	num = strings.TrimSpace(num)
	if !ok || id == "" || num == "" {
		return "", 0, Invalid("rating", "%q is not a rating; use %s", s, RatingForm)
	}
	v, err := strconv.Atoi(num)
	if err != nil {
		return "", 0, Invalid("rating", "%q is not a rating; use %s", s, RatingForm)
	}
	return id, v, nil
}
