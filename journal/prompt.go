package journal

import "strings"

// Prompt is a reflection prompt. Tags tie it to skills (a skill id), to a
// phase ("phase:2") or to a step of a reflective model ("gibbs:feelings"),
// so hone can suggest it when that skill needs attention.
type Prompt struct {
	ID       string
	Text     string
	Tags     []string
	Builtin  bool
	Archived bool
}

// HasTag reports whether p carries tag t.
func (p Prompt) HasTag(t string) bool {
	for _, x := range p.Tags {
		if x == t {
			return true
		}
	}
	return false
}

// Normalize tidies a prompt typed by a person.
func (p *Prompt) Normalize() {
	p.ID = strings.ToLower(strings.TrimSpace(p.ID))
	p.Text = strings.TrimSpace(CleanText(p.Text))
	tags := p.Tags[:0:0]
	for _, t := range p.Tags {
		if t = NormalizeTag(t); t != "" {
			tags = append(tags, t)
		}
	}
	p.Tags = tags
}

// Validate checks a prompt's text and tags. Prompt tags may hold the dots of
// skill ids and the colon of "phase:2" and "gibbs:feelings".
func (p *Prompt) Validate() error {
	if p.Text == "" {
		return Invalid("text", "a prompt needs its text")
	}
	if err := checkText("text", p.Text, MaxPrompt, true); err != nil {
		return err
	}
	for _, t := range p.Tags {
		if t == "" || len(t) > MaxTag || strings.Trim(t, "abcdefghijklmnopqrstuvwxyz0123456789-.:") != "" {
			return Invalid("tag", "%q is not a prompt tag; use a skill id, phase:N or model:step", t)
		}
	}
	return nil
}
