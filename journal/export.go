package journal

import (
	"encoding/json"
	"io"
	"time"
)

// EntryRecord is an entry in the shape of hone's interchange format (SPEC
// section 7), as `list --json`, `show --json` and exports write it. Fields
// that an export leaves out are absent, not empty.
type EntryRecord struct {
	ID          string             `json:"id"`
	Date        string             `json:"date"`
	Kind        Kind               `json:"kind"`
	Phase       int                `json:"phase"`
	Family      string             `json:"family,omitempty"`
	Title       *string            `json:"title,omitempty"`
	Notes       *string            `json:"notes,omitempty"`
	Tags        []string           `json:"tags"`
	Ratings     map[string]int     `json:"ratings"`
	Reflections []ReflectionRecord `json:"reflections"`
	Created     *time.Time         `json:"created,omitempty"`
	Updated     *time.Time         `json:"updated,omitempty"`
}

// ReflectionRecord is a reflection in the interchange format. Shared is
// present only in full exports, where private reflections travel too.
type ReflectionRecord struct {
	PromptID string `json:"prompt_id"`
	Prompt   string `json:"prompt"`
	Answer   string `json:"answer"`
	Shared   *bool  `json:"shared,omitempty"`
}

// FullRecord returns e with every field, for the owner's own use: list and
// show output and full exports.
func FullRecord(e *Entry) EntryRecord {
	title, notes := e.Title, e.Notes
	created, updated := e.Created.UTC(), e.Updated.UTC()
	r := EntryRecord{
		ID:      e.ID,
		Date:    e.Date.String(),
		Kind:    e.Kind,
		Phase:   e.Phase,
		Family:  e.Family,
		Title:   &title,
		Notes:   &notes,
		Tags:    nonNil(e.Tags),
		Ratings: e.Ratings,
		Created: &created,
		Updated: &updated,
	}
	if r.Ratings == nil {
		r.Ratings = map[string]int{}
	}
	r.Reflections = make([]ReflectionRecord, len(e.Reflections))
	for i, x := range e.Reflections {
		shared := x.Shared
		r.Reflections[i] = ReflectionRecord{PromptID: x.PromptID, Prompt: x.Prompt, Answer: x.Answer, Shared: &shared}
	}
	return r
}

// WriteJSON writes v as indented JSON followed by a newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
