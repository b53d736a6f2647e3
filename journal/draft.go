package journal

import "time"

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
}

// Describe says in a line which entry d is: its title or the start of its
// notes, and its date as typed.
func (d *Draft) Describe() string {
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
