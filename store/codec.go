package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"hone/journal"
)

// The records below are how the domain types look on disk. The domain types
// carry no json tags: encoding is the store's business, and a field renamed
// in journal must not silently change the file format.

// entryRecord is an entry in the entries bucket.
type entryRecord struct {
	ID          string             `json:"id"`
	Day         int32              `json:"day"`
	Created     time.Time          `json:"created"`
	Updated     time.Time          `json:"updated"`
	Kind        string             `json:"kind"`
	Phase       int                `json:"phase,omitempty"`
	Family      string             `json:"family,omitempty"`
	Title       string             `json:"title,omitempty"`
	Notes       string             `json:"notes,omitempty"`
	Ratings     map[string]int     `json:"ratings,omitempty"`
	Reflections []reflectionRecord `json:"reflections,omitempty"`
	Tags        []string           `json:"tags,omitempty"`
}

// reflectionRecord is one reflection of an entry record.
type reflectionRecord struct {
	PromptID string `json:"prompt_id,omitempty"`
	Prompt   string `json:"prompt"`
	Answer   string `json:"answer"`
	Shared   bool   `json:"shared"`
	Starred  bool   `json:"starred,omitempty"`
}

// encodeEntry returns the stored form of e.
func encodeEntry(e *journal.Entry) ([]byte, error) {
	r := entryRecord{
		ID:      e.ID,
		Day:     int32(e.Date),
		Created: e.Created,
		Updated: e.Updated,
		Kind:    string(e.Kind),
		Phase:   e.Phase,
		Family:  e.Family,
		Title:   e.Title,
		Notes:   e.Notes,
		Ratings: e.Ratings,
		Tags:    e.Tags,
	}
	if len(e.Reflections) > 0 {
		r.Reflections = make([]reflectionRecord, len(e.Reflections))
		for i, x := range e.Reflections {
			r.Reflections[i] = reflectionRecord(x)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("store: encode entry %s: %w", e.ID, err)
	}
	return b, nil
}

// decodeEntry reads a stored entry. Ratings is never nil, so callers may
// add to it. The records hone writes are read by decodeEntryFast
// (entry_json.go); anything else by encoding/json.
func decodeEntry(b []byte) (*journal.Entry, error) {
	if e, ok := decodeEntryFast(b); ok {
		return e, nil
	}
	return decodeEntryJSON(b)
}

// decodeEntryJSON is decodeEntry through encoding/json.
func decodeEntryJSON(b []byte) (*journal.Entry, error) {
	var r entryRecord
	if err := decodeRecord(b, &r); err != nil {
		return nil, fmt.Errorf("store: decode entry: %w", err)
	}
	e := new(journal.Entry)
	r.entry(e)
	return e, nil
}

// salvageEntry reads what it can of a stored entry decodeEntry refused for
// fields it does not know (a flipped byte in a field's name): the fields it
// knows as they are, and the text of each unknown one at the end of the
// notes, under its name, so that no text is lost. unknown names those
// fields.
func salvageEntry(b []byte) (e *journal.Entry, unknown []string, err error) {
	var r entryRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, nil, err
	}
	known := map[string]bool{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[entryRecord]()) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		known[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if known[name] {
			continue
		}
		unknown = append(unknown, name)
		var text string
		if json.Unmarshal(fields[name], &text) != nil {
			text = string(fields[name])
		}
		if r.Notes != "" {
			r.Notes += "\n\n"
		}
		r.Notes += name + ": " + text
	}
	e = new(journal.Entry)
	r.entry(e)
	return e, unknown, nil
}

// entry sets *e to the entry r records; Ratings is never nil.
func (r *entryRecord) entry(e *journal.Entry) {
	*e = journal.Entry{
		ID:      r.ID,
		Date:    journal.Day(r.Day),
		Created: r.Created,
		Updated: r.Updated,
		Kind:    journal.Kind(r.Kind),
		Phase:   r.Phase,
		Family:  r.Family,
		Title:   r.Title,
		Notes:   r.Notes,
		Ratings: r.Ratings,
		Tags:    r.Tags,
	}
	if e.Ratings == nil {
		e.Ratings = map[string]int{}
	}
	if len(r.Reflections) > 0 {
		e.Reflections = make([]journal.Reflection, len(r.Reflections))
		for i, x := range r.Reflections {
			e.Reflections[i] = journal.Reflection(x)
		}
	}
}

// skillRecord is a value of the skills bucket: a custom skill, or (with
// Builtin set and nothing but Archived and ID) the archived flag of a
// built-in. Built-in records of early builds have no ID: their key names
// the skill.
type skillRecord struct {
	Builtin     bool      `json:"builtin,omitempty"`
	Archived    bool      `json:"archived,omitempty"`
	Order       uint64    `json:"order,omitempty"`
	ID          string    `json:"id,omitempty"`
	Name        string    `json:"name,omitempty"`
	Group       string    `json:"group,omitempty"`
	KeyElement  string    `json:"key_element,omitempty"`
	Description string    `json:"description,omitempty"`
	Anchors     [3]string `json:"anchors"`
}

// encodeSkill returns the stored form of a custom skill with its order
// number.
func encodeSkill(s *journal.Skill, order uint64) ([]byte, error) {
	return encodeSkillRecord(skillRecord{
		Archived:    s.Archived,
		Order:       order,
		ID:          s.ID,
		Name:        s.Name,
		Group:       s.Group,
		KeyElement:  s.KeyElement,
		Description: s.Description,
		Anchors:     s.Anchors,
	})
}

// encodeBuiltinArchived returns the record that archives a built-in skill.
func encodeBuiltinArchived(id string) ([]byte, error) {
	b, err := json.Marshal(struct {
		Builtin  bool   `json:"builtin"`
		Archived bool   `json:"archived"`
		ID       string `json:"id"`
	}{true, true, id})
	if err != nil {
		return nil, fmt.Errorf("store: encode skill %s: %w", id, err)
	}
	return b, nil
}

// encodeSkillRecord returns the stored form of a skill record.
func encodeSkillRecord(r skillRecord) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("store: encode skill %s: %w", r.ID, err)
	}
	return b, nil
}

// decodeSkill reads a value of the skills bucket.
func decodeSkill(b []byte) (skillRecord, error) {
	var r skillRecord
	if err := decodeRecord(b, &r); err != nil {
		return r, fmt.Errorf("store: decode skill: %w", err)
	}
	return r, nil
}

// customSkill returns the domain form of a custom skill record.
func (r skillRecord) customSkill() journal.Skill {
	return journal.Skill{
		ID:          r.ID,
		Name:        r.Name,
		Group:       r.Group,
		KeyElement:  r.KeyElement,
		Description: r.Description,
		Anchors:     r.Anchors,
		Archived:    r.Archived,
	}
}

// sortSkillRecords orders custom skill records by the order they were added.
func sortSkillRecords(rs []skillRecord) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Order < rs[j].Order })
}

// promptRecord is a custom prompt in the prompts bucket.
type promptRecord struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Tags     []string `json:"tags,omitempty"`
	Archived bool     `json:"archived,omitempty"`
}

// encodePrompt returns the stored form of a custom prompt.
func encodePrompt(p *journal.Prompt) ([]byte, error) {
	b, err := json.Marshal(promptRecord{ID: p.ID, Text: p.Text, Tags: p.Tags, Archived: p.Archived})
	if err != nil {
		return nil, fmt.Errorf("store: encode prompt %s: %w", p.ID, err)
	}
	return b, nil
}

// decodePrompt reads a custom prompt.
func decodePrompt(b []byte) (journal.Prompt, error) {
	var r promptRecord
	if err := decodeRecord(b, &r); err != nil {
		return journal.Prompt{}, fmt.Errorf("store: decode prompt: %w", err)
	}
	return journal.Prompt{ID: r.ID, Text: r.Text, Tags: r.Tags, Archived: r.Archived}, nil
}

// decodeRecord reads the stored record b into v, refusing a field v does
// not have. hone writes only the fields it knows, so an unknown one is
// damage (a flipped byte in a field's name still leaves valid JSON); read
// leniently, that field's text would vanish from every view and the next
// save of the record would drop it for good.
func decodeRecord(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimSpace(b[dec.InputOffset():])) > 0 {
		return errors.New("data after the record")
	}
	return nil
}
