package journal

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Personal is what a journal keeps besides its entries and skills: the
// learning goals, the custom reflection prompts and the privacy watch list.
// A full export carries it, so that a journal moved with export --full and
// import loses none of it; a coach-safe export never does.
type Personal struct {
	Goals     []Goal   // every goal, open and closed, oldest first
	Prompts   []Prompt // the custom prompts, in the order they were added
	WatchList []string // the names the privacy check warns about
}

// Empty reports whether p holds nothing.
func (p *Personal) Empty() bool {
	return p == nil || len(p.Goals) == 0 && len(p.Prompts) == 0 && len(p.WatchList) == 0
}

// Normalized returns a copy of p tidied as a journal keeps it (goals and
// prompts normalized, names of the watch list tidied where they are valid),
// sharing no memory with p. A nil p gives an empty Personal.
func (p *Personal) Normalized() *Personal {
	out := new(Personal)
	if p == nil {
		return out
	}
	for _, g := range p.Goals {
		g.Skills = slices.Clone(g.Skills)
		g.Normalize()
		out.Goals = append(out.Goals, g)
	}
	for _, pr := range p.Prompts {
		pr.Tags = slices.Clone(pr.Tags)
		pr.Normalize()
		pr.Builtin = false
		out.Prompts = append(out.Prompts, pr)
	}
	for _, name := range p.WatchList {
		if n, err := NormalizeWatchName(name); err == nil {
			name = n
		}
		out.WatchList = append(out.WatchList, name)
	}
	return out
}

// Validate checks every goal against the catalog c and today (as
// Goal.Validate does), every prompt (Prompt.Validate) and every name of the
// watch list (NormalizeWatchName), as they are: it normalizes nothing.
// EINVALID names the goal, prompt or name by its number: "goal 2: ...".
func (p *Personal) Validate(c Catalog, today Day) error {
	for i := range p.Goals {
		if err := p.Goals[i].Validate(c, today); err != nil {
			return placeError("goal "+strconv.Itoa(i+1), err)
		}
	}
	for i := range p.Prompts {
		if err := p.Prompts[i].Validate(); err != nil {
			return placeError("prompt "+strconv.Itoa(i+1), err)
		}
	}
	for i, name := range p.WatchList {
		if _, err := NormalizeWatchName(name); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				return err
			}
			return &Error{Code: e.Code, Field: "watch list name " + strconv.Itoa(i+1), Message: e.Message}
		}
	}
	return nil
}

// placeError puts place before the field of err, an *Error: "goal 2
// skill". A field that only repeats the kind of place ("goal" of "goal 2")
// is left out. Other errors come back as they are.
func placeError(place string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	field := place
	if kind, _, _ := strings.Cut(place, " "); e.Field != "" && e.Field != kind {
		field += " " + e.Field
	}
	return &Error{Code: e.Code, Field: field, Message: e.Message}
}

// PersonalRecord is Personal in the interchange format: the "personal"
// object of a full export, absent from a coach-safe one.
//
//	{"goals": [{"text": "Reflect before I advise", "skills": ["eng.mi"],
//	            "set": "2026-03-02", "done": true, "closed": "2026-04-13"}],
//	 "prompts": [{"id": "my-1", "text": "What did the family teach me?",
//	              "tags": ["eng.mi"], "archived": false}],
//	 "watch_list": ["Jordan"]}
//
// Every list is present, empty when there is nothing. A goal's "closed" is
// absent while it is open, and when the day it was closed is not known. A
// goal carries no id: ids are numbers local to one journal.
type PersonalRecord struct {
	Goals     []GoalRecord   `json:"goals"`
	Prompts   []PromptRecord `json:"prompts"`
	WatchList []string       `json:"watch_list"`
}

// GoalRecord is a learning goal in a full export.
type GoalRecord struct {
	Text   string   `json:"text"`
	Skills []string `json:"skills"`
	Set    string   `json:"set"`
	Done   bool     `json:"done"`
	Closed string   `json:"closed,omitempty"`
}

// PromptRecord is a custom prompt in a full export. Its id is the one the
// reflections that answered it carry as their prompt_id.
type PromptRecord struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Tags     []string `json:"tags"`
	Archived bool     `json:"archived"`
}

// personalRecord returns p as a record that shares no memory with p; nil
// for nil.
func personalRecord(p *Personal) *PersonalRecord {
	if p == nil {
		return nil
	}
	r := &PersonalRecord{
		Goals:     make([]GoalRecord, len(p.Goals)),
		Prompts:   make([]PromptRecord, len(p.Prompts)),
		WatchList: append([]string{}, p.WatchList...),
	}
	for i, g := range p.Goals {
		r.Goals[i] = GoalRecord{Text: g.Text, Skills: append([]string{}, g.Skills...), Set: g.Set.String(), Done: g.Done}
		if g.Done && g.Closed != 0 {
			r.Goals[i].Closed = g.Closed.String()
		}
	}
	for i, pr := range p.Prompts {
		r.Prompts[i] = PromptRecord{ID: pr.ID, Text: pr.Text, Tags: append([]string{}, pr.Tags...), Archived: pr.Archived}
	}
	return r
}

// personal turns r back into what a journal keeps, checked against the
// export's catalog c: every date parses, prompt ids are of the form hone
// writes, and Personal.Validate holds (with no bound on the days goals were
// set). EINVALID names the place: "personal goal 2 set".
func (r *PersonalRecord) personal(c Catalog) (*Personal, error) {
	p := &Personal{
		Goals:     make([]Goal, len(r.Goals)),
		Prompts:   make([]Prompt, len(r.Prompts)),
		WatchList: append([]string{}, r.WatchList...),
	}
	for i, g := range r.Goals {
		place := "personal goal " + strconv.Itoa(i+1)
		set, err := parseExportDate(g.Set, false)
		if err != nil {
			return nil, placeError(place+" set", err)
		}
		var closed Day
		if g.Closed != "" {
			if !g.Done {
				return nil, Invalid(place+" closed", "an open goal has no day it was closed")
			}
			if closed, err = parseExportDate(g.Closed, false); err != nil {
				return nil, placeError(place+" closed", err)
			}
			if closed < set {
				return nil, Invalid(place+" closed", "%s is before the day the goal was set, %s", g.Closed, g.Set)
			}
		}
		p.Goals[i] = Goal{Text: g.Text, Skills: append([]string{}, g.Skills...), Set: set, Done: g.Done, Closed: closed}
	}
	for i, pr := range r.Prompts {
		if !validPromptID(pr.ID) {
			return nil, Invalid("personal prompt "+strconv.Itoa(i+1)+" id", "%q is not a prompt id; use up to 64 lower-case letters, digits, '-', '.' and '_'", truncate(SafeLine(pr.ID), 40))
		}
		p.Prompts[i] = Prompt{ID: pr.ID, Text: pr.Text, Tags: append([]string{}, pr.Tags...), Archived: pr.Archived}
	}
	if err := p.Validate(c, LatestDay); err != nil {
		return nil, placeError("personal", err)
	}
	return p, nil
}
