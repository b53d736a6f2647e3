package journal

import (
	"encoding/json"
	"fmt"
	"io"
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

// draftFileFormat marks a file that holds a Draft (WriteDraft).
const draftFileFormat = "hone draft 1"

// draftFile is a Draft as a file holds it: every field, by name.
type draftFile struct {
	Format      string            `json:"format"`
	ID          string            `json:"id"`
	EntryID     string            `json:"entry_id,omitempty"`
	Saved       time.Time         `json:"saved"`
	Date        string            `json:"date"`
	Kind        Kind              `json:"kind"`
	Phase       int               `json:"phase"`
	Family      string            `json:"family"`
	Title       string            `json:"title"`
	Notes       string            `json:"notes"`
	Tags        string            `json:"tags"`
	Ratings     map[string]int    `json:"ratings,omitempty"`
	Reflections []draftReflection `json:"reflections,omitempty"`
	Form        string            `json:"form,omitempty"`
	Fields      []string          `json:"fields,omitempty"`
}

type draftReflection struct {
	PromptID string `json:"prompt_id"`
	Prompt   string `json:"prompt"`
	Answer   string `json:"answer"`
	Shared   bool   `json:"shared"`
	Starred  bool   `json:"starred"`
}

// WriteDraft writes d to w as a file that ReadDraft takes back, every
// field in its own place: what a plain journal's form keeps in a file when
// the journal refuses its draft. Its process id is not written: whoever
// reads the file again is another hone.
func WriteDraft(w io.Writer, d *Draft) error {
	f := draftFile{Format: draftFileFormat, ID: d.ID, EntryID: d.EntryID, Saved: d.Saved, Date: d.Date,
		Kind: d.Kind, Phase: d.Phase, Family: d.Family, Title: d.Title, Notes: d.Notes, Tags: d.Tags,
		Ratings: d.Ratings, Form: d.Form, Fields: d.Fields}
	for _, r := range d.Reflections {
		f.Reflections = append(f.Reflections, draftReflection(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write a draft: %w", err)
	}
	return nil
}

// ReadDraft reads a draft WriteDraft wrote. EINVALID when r holds
// something else.
func ReadDraft(r io.Reader) (*Draft, error) {
	var f draftFile
	if err := json.NewDecoder(r).Decode(&f); err != nil || f.Format != draftFileFormat {
		return nil, Errorf(EINVALID, "not a draft of hone")
	}
	d := &Draft{ID: f.ID, EntryID: f.EntryID, Saved: f.Saved, Date: f.Date, Kind: f.Kind, Phase: f.Phase,
		Family: f.Family, Title: f.Title, Notes: f.Notes, Tags: f.Tags, Ratings: f.Ratings, Form: f.Form, Fields: f.Fields}
	for _, r := range f.Reflections {
		d.Reflections = append(d.Reflections, Reflection(r))
	}
	return d, nil
}
