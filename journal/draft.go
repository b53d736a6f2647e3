package journal

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Draft is the entry form as it was being written: every field as typed,
// kept in the journal while the facilitator writes, so that nothing typed
// is lost when hone stops before the entry is saved (a kill, a crash, a
// lost connection, ctrl+c twice). Its fields are the form's text, not yet
// checked: the date may read "yesterday" or be wrong.
type Draft struct {
	ID      string // the form's: one draft a form opened, journal.NewID
	EntryID string // the entry being edited; "" for a new entry
	// PID is the process id of the hone whose form it is, 0 when not
	// known: a draft of a hone still running is that hone's, not left.
	PID     int
	Saved   time.Time
	Date    string
	Kind    Kind
	Phase   int
	Family  string
	Title   string
	Notes   string
	Tags    string
	Ratings map[string]int
	// Reflections are the form's reflections, answered or not.
	Reflections []Reflection
	// Unreadable, when set, says why the draft kept under ID cannot be
	// read (damaged); its other fields are empty. It can only be
	// discarded.
	Unreadable string

	// Form, when set, says the draft is of a small form, not of the entry
	// form: DraftGoal, DraftPrompt or DraftSkill, kept when hone lost its
	// terminal with the form open. Fields are that form's fields, in its
	// order, as typed; the entry's fields above are empty.
	Form   string
	Fields []string
}

// The small forms a Draft can be of (Draft.Form).
const (
	DraftGoal   = "goal"   // a learning goal
	DraftPrompt = "prompt" // a prompt for the library
	DraftSkill  = "skill"  // a custom skill
)

// FormName says in a few words what the small form of d is for ("a
// learning goal"); "" for the entry form.
func (d *Draft) FormName() string {
	switch d.Form {
	case "":
		return ""
	case DraftGoal:
		return "a learning goal"
	case DraftPrompt:
		return "a prompt"
	case DraftSkill:
		return "a custom skill"
	}
	return "a form"
}

// Describe says in a line which entry d is: its title or the start of its
// notes, and its date as typed.
func (d *Draft) Describe() string {
	if d.Form != "" {
		what := ""
		for _, f := range d.Fields {
			if what = firstLine(f); what != "" {
				break
			}
		}
		if what == "" {
			what = "(no text)"
		}
		return d.FormName() + ": " + truncate(SafeLine(what), 60)
	}
	what := firstLine(d.Title)
	if what == "" {
		what = firstLine(d.Notes)
	}
	if what == "" {
		for _, r := range d.Reflections {
			if what = firstLine(r.Answer); what != "" {
				break
			}
		}
	}
	if what == "" {
		what = "(no text)"
	}
	what = truncate(SafeLine(what), 60)
	if date := truncate(SafeLine(d.Date), 20); date != "" {
		what += ", dated " + date
	}
	return what
}

// Text is every field of d as plain text, one labelled line each, then
// the notes and each reflection with its prompt: what a file keeps when
// the journal cannot (the form taken in again puts it all in its notes).
func (d *Draft) Text() string {
	var b strings.Builder
	if d.Form != "" {
		b.WriteString("The text of " + d.FormName() + " you were writing:\n")
		for _, f := range d.Fields {
			if f = strings.TrimSpace(f); f != "" {
				b.WriteString("\n" + f + "\n")
			}
		}
		return b.String()
	}
	line := func(label, v string) {
		if v = strings.TrimSpace(v); v != "" {
			b.WriteString(label + ": " + v + "\n")
		}
	}
	line("Title", d.Title)
	line("Date", d.Date)
	line("Kind", string(d.Kind))
	if d.Phase > 0 {
		line("Phase", strconv.Itoa(d.Phase))
	}
	line("Family", d.Family)
	line("Tags", d.Tags)
	if len(d.Ratings) > 0 {
		ids := make([]string, 0, len(d.Ratings))
		for id := range d.Ratings {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for i, id := range ids {
			ids[i] = id + " " + strconv.Itoa(d.Ratings[id])
		}
		line("Ratings", strings.Join(ids, ", "))
	}
	if notes := strings.TrimSpace(d.Notes); notes != "" {
		b.WriteString("\n" + notes + "\n")
	}
	for _, r := range d.Reflections {
		if strings.TrimSpace(r.Answer) == "" {
			continue
		}
		b.WriteString("\n" + strings.TrimSpace(r.Prompt) + "\n" + strings.TrimSpace(r.Answer) + "\n")
	}
	return b.String()
}
