package ui

import (
	"errors"
	"strings"

	"hone/journal"
)

// parseQuery reads the Journal filter line: free text to search for, mixed
// with field tokens such as skill:eng.mi tag:mi kind:crisis family:F12
// since:-30d until:2026-03-01. Dates take every form journal.ParseDay
// accepts; a skill may be given by the part after its dot when that is
// unambiguous. The error names the token at fault.
func parseQuery(q string, today journal.Day, c journal.Catalog) (journal.EntryFilter, error) {
	var f journal.EntryFilter
	var words []string
	for tok := range strings.FieldsSeq(q) {
		field, value, ok := strings.Cut(tok, ":")
		if !ok || value == "" {
			words = append(words, tok)
			continue
		}
		switch strings.ToLower(field) {
		case "skill":
			id, err := resolveSkill(value, c)
			if err != nil {
				return f, err
			}
			f.Skill = id
		case "tag":
			t := journal.NormalizeTag(value)
			if err := journal.ValidateTag(t); err != nil {
				return f, err
			}
			f.Tag = t
		case "kind":
			k, err := journal.ParseKind(value)
			if err != nil {
				return f, err
			}
			f.Kind = k
		case "family":
			f.Family = value
		case "since", "from":
			d, err := journal.ParseDay(value, today)
			if err != nil {
				return f, journal.Invalid("since", "%s", journal.ErrorMessage(err))
			}
			f.Since = &d
		case "until", "to":
			d, err := journal.ParseDay(value, today)
			if err != nil {
				return f, journal.Invalid("until", "%s", journal.ErrorMessage(err))
			}
			f.Until = &d
		default:
			words = append(words, tok)
		}
	}
	f.Search = strings.Join(words, " ")
	return f, nil
}

// resolveSkill finds the skill a filter names: its id, or the part after
// the dot when one skill has it.
func resolveSkill(s string, c journal.Catalog) (string, error) {
	s = strings.ToLower(s)
	if _, ok := c.Find(s); ok || len(c) == 0 {
		return s, nil
	}
	var match []string
	for _, sk := range c {
		if _, tail, ok := strings.Cut(sk.ID, "."); ok && tail == s {
			match = append(match, sk.ID)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	err := c.CheckRating(s, 1)
	var je *journal.Error
	if errors.As(err, &je) {
		return "", journal.Invalid("skill", "%s", je.Message)
	}
	return "", err
}
