package journal

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"
)

// BuildExport makes the export document of entries, which may come in any
// order, with the catalog c. See Export for the choices the format makes.
// The records share no memory with entries.
func BuildExport(entries []*Entry, c Catalog, opts ExportOptions) *Export {
	x := newExport(opts)
	sel := make([]*Entry, 0, len(entries))
	for _, e := range entries {
		if e == nil || !inRange(e.Date, opts) {
			continue
		}
		sel = append(sel, e)
	}
	slices.SortStableFunc(sel, compareExportOrder)

	x.Records = make([]EntryRecord, len(sel))
	m := newRecordMaker(opts, len(sel))
	for i, e := range sel {
		x.Records[i] = m.record(e, true)
	}
	x.Skills = exportSkills(c, func(yield func(string) bool) {
		for _, r := range x.Records {
			for id := range r.Ratings {
				if !yield(id) {
					return
				}
			}
		}
	}, opts.Full)
	x.KeyElements = RollUpKeyElements(x.Skills, x.Records)
	x.carry(opts)
	answered := map[string]bool{}
	for i := range x.Records {
		answerPrompts(answered, &x.Records[i])
	}
	x.Prompts = exportPrompts(opts, answered)
	return x
}

// carry sets the facilitator's verdicts of opts (Drift as of DriftAsOf) as
// x carries them: as records in x's date form, named as x's skills are.
func (x *Export) carry(opts ExportOptions) {
	if opts.Drift == nil {
		return
	}
	date, week := exportDate(opts), x.WeekDates()
	names := make(map[string]string, len(x.Skills))
	for _, s := range x.Skills {
		names[s.ID] = s.Name
	}
	x.DriftAsOf = date(opts.DriftAsOf)
	x.Verdicts = make([]DriftRecord, len(opts.Drift))
	for i, d := range opts.Drift {
		if week {
			x.Verdicts[i] = d.WeekRecord(names[d.Skill])
		} else {
			x.Verdicts[i] = d.Record(names[d.Skill])
		}
	}
}

// newExport returns the export of opts without skills, roll-ups or
// records.
func newExport(opts ExportOptions) *Export {
	full := opts.Full
	week := opts.WeekDates && !full
	x := &Export{
		Format:      ExportFormat,
		Version:     ExportVersion,
		Journal:     opts.Journal,
		Feedback:    slices.Clone(opts.Feedback),
		ExportedAt:  opts.Now.UTC().Truncate(time.Second),
		Facilitator: truncate(strings.TrimSpace(SafeLine(opts.Facilitator)), MaxFacilitator),
		Privacy:     ExportPrivacy{Notes: full, Families: FamiliesPseudonyms, Dates: DatesDay},
	}
	if full {
		x.Privacy.Families = FamiliesCodes
		x.Personal = personalRecord(cmp.Or(opts.Personal, &Personal{}))
	}
	if week {
		x.Privacy.Dates = DatesWeek
	}
	date := exportDate(opts)
	if opts.Since != nil || opts.Until != nil {
		x.Range = &ExportRange{}
		if opts.Since != nil {
			x.Range.Since = date(*opts.Since)
		}
		if opts.Until != nil {
			x.Range.Until = date(*opts.Until)
		}
	}
	return x
}

// exportDate returns the function that writes a date in the form of an
// export made with opts.
func exportDate(opts ExportOptions) func(Day) string {
	if opts.WeekDates && !opts.Full {
		return Day.Week
	}
	return Day.String
}

// inRange reports whether d lies within the bounds of opts.
func inRange(d Day, opts ExportOptions) bool {
	return (opts.Since == nil || d >= *opts.Since) && (opts.Until == nil || d <= *opts.Until)
}

// compareExportOrder orders entries as an export does: by date, then by
// id, oldest first.
func compareExportOrder(a, b *Entry) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
}

// exportSkills returns the skill records of an export with the catalog c
// whose entries rate the skills rated yields (in any order, repeated or
// not): the catalog in its order, then the rated skills it lacks, sorted by
// id and named by it.
func exportSkills(c Catalog, rated iter.Seq[string], full bool) []SkillRecord {
	skills := make([]SkillRecord, 0, len(c))
	listed := make(map[string]bool, len(c))
	for _, s := range c {
		if !listed[s.ID] {
			listed[s.ID] = true
			// One plain line each, as Skill.Validate wants them: a journal
			// may hold a name from before Normalize made it so.
			r := SkillRecord{ID: s.ID, Name: strings.TrimSpace(CleanLine(s.Name)), Group: strings.TrimSpace(CleanLine(s.Group)),
				KeyElement: strings.TrimSpace(CleanLine(s.KeyElement)), Archived: s.Archived}
			if full && !s.Builtin {
				r.Description = s.Description
				if s.Anchors != ([3]string{}) {
					r.Anchors = &s.Anchors
				}
			}
			skills = append(skills, r)
		}
	}
	var missing []string
	for id := range rated {
		if !listed[id] {
			listed[id] = true
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	for _, id := range missing {
		skills = append(skills, SkillRecord{ID: id, Name: id})
	}
	return skills
}
