package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"hone/journal"
)

// parseDay parses a date flag and names the flag in its error.
func parseDay(field, s string, today journal.Day) (journal.Day, error) {
	d, err := journal.ParseDay(s, today)
	if err != nil {
		return 0, journal.Invalid(field, "%s", journal.ErrorMessage(err))
	}
	return d, nil
}

func parsePhase(s string) (int, error) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "phase")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > journal.MaxPhase {
		return 0, journal.Invalid("phase", "%q is not a phase; use 1, 2, 3 or 4, or 0 for none", s)
	}
	return n, nil
}

func parseRatings(values []string) (map[string]int, error) {
	ratings := map[string]int{}
	for _, v := range values {
		id, n, err := journal.ParseRating(v)
		if err != nil {
			return nil, err
		}
		if _, dup := ratings[id]; dup {
			return nil, journal.Invalid("rating", "%s is rated twice; rate each skill once", id)
		}
		ratings[id] = n
	}
	return ratings, nil
}

// parseReflections reads --reflect (or --reflect-private) PROMPT_ID=ANSWER
// values against the prompt library; shared says whether the answers go
// into coach-safe exports.
func parseReflections(values []string, prompts []journal.Prompt, shared bool) ([]journal.Reflection, error) {
	var out []journal.Reflection
	for _, v := range values {
		id, answer, ok := strings.Cut(v, "=")
		id = strings.ToLower(strings.TrimSpace(id))
		if !ok || id == "" || strings.TrimSpace(journal.CleanText(answer)) == "" { // as saving cleans it
			return nil, journal.Invalid("reflect", "%q is not a reflection; use PROMPT_ID=ANSWER, e.g. rolfe-what=\"...\"", v)
		}
		i := slices.IndexFunc(prompts, func(p journal.Prompt) bool { return p.ID == id })
		if i < 0 {
			ids := make([]string, len(prompts))
			for i, p := range prompts {
				ids[i] = p.ID
			}
			if near := journal.Nearest(id, ids, 3); len(near) > 0 {
				return nil, journal.Invalid("reflect", "unknown prompt %q; did you mean %s? (hone prompts lists them)", id, strings.Join(near, ", "))
			}
			return nil, journal.Invalid("reflect", "unknown prompt %q (hone prompts lists them)", id)
		}
		out = append(out, journal.Reflection{PromptID: id, Prompt: prompts[i].Text, Answer: answer, Shared: shared})
	}
	return out, nil
}

// skillFlag reads a --skill value: the id as the catalog spells it (lower
// case, spaces trimmed), or an error for an id the catalog does not know,
// suggesting the nearest ones.
func skillFlag(c journal.Catalog, value string) (string, error) {
	id := strings.ToLower(strings.TrimSpace(value))
	if err := c.CheckRating(id, 1); err != nil {
		var e *journal.Error
		if errors.As(err, &e) {
			e.Field = "skill"
		}
		return "", err
	}
	return id, nil
}
