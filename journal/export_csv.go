package journal

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
)

// csvHeader is the header row of WriteExportCSV.
var csvHeader = []string{"date", "entry_id", "kind", "phase", "skill_id", "skill_name", "key_element", "rating"}

// WriteExportCSV writes x's ratings as CSV (RFC 4180, with a header row):
// one row per rating, ordered by date, entry id and skill id. Dates are as
// in x: days, or ISO weeks in a week-dated export. Skill names and key
// elements come from x's skills.
//
// Text cells are made safe for spreadsheets: control characters go, and a
// cell that starts with =, +, -, @, a tab or a carriage return gets a
// leading ' so that no spreadsheet runs it as a formula (CSV formula
// injection). Only skill names and key elements are free text, but every
// cell is treated the same.
func WriteExportCSV(w io.Writer, x *Export) error {
	skills := make(map[string]SkillRecord, len(x.Skills))
	for _, s := range x.Skills {
		if _, dup := skills[s.ID]; !dup {
			skills[s.ID] = s
		}
	}
	week := x.WeekDates()
	order := make([]int, len(x.Records))
	days := make([]Day, len(x.Records))
	for i := range order {
		order[i] = i
		days[i], _ = x.Records[i].Day(week) // a date that does not parse sorts first
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(days[a], days[b]), strings.Compare(x.Records[a].ID, x.Records[b].ID))
	})

	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, i := range order {
		r := &x.Records[i]
		ids := make([]string, 0, len(r.Ratings))
		for id := range r.Ratings {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			s := skills[id]
			row[0] = csvCell(r.Date)
			row[1] = csvCell(r.ID)
			row[2] = csvCell(string(r.Kind))
			row[3] = strconv.Itoa(r.Phase)
			row[4] = csvCell(id)
			row[5] = csvCell(s.Name)
			row[6] = csvCell(s.KeyElement)
			row[7] = strconv.Itoa(r.Ratings[id])
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell makes text safe for a CSV cell that a spreadsheet will open: one
// line of clean text that cannot start a formula.
func csvCell(s string) string {
	s = SafeLine(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
