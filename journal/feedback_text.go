package journal

// Coach feedback as text for people: what hone feedback lists and what
// accessible mode reads out.

import (
	"cmp"
	"fmt"
	"io"
	"strings"
)

// WriteFeedbackList writes items for people: each item's day, skill and
// coach (and "new" for the ids in isNew), the calibration sentence of an
// observed rating, and the note, all made safe for the terminal.
func WriteFeedbackList(w io.Writer, items []Feedback, isNew map[string]bool, c Catalog, ratings map[string][]Rating, today Day) {
	if len(items) == 0 {
		fmt.Fprintln(w, "No feedback from your coach yet. When your coach sends a feedback file, hone import FILE brings it in.")
		return
	}
	for i := range items {
		f := &items[i]
		head := f.Day.Short() + "  "
		if f.Skill == "" {
			head += "General note"
		} else {
			s, _ := c.Find(f.Skill)
			head += cmp.Or(SafeLine(s.Name), f.Skill) + " (" + SafeLine(f.Skill) + ")"
		}
		if f.Coach != "" {
			head += ", from " + SafeLine(f.Coach)
		}
		if isNew[f.ID] {
			head += "  [new]"
		}
		fmt.Fprintln(w, head)
		if line := CalibrationSentence(f, SelfRatingsAround(ratings[f.Skill], f.Day), today); line != "" {
			fmt.Fprintln(w, "  "+line)
		}
		if f.Note != "" {
			for _, l := range strings.Split(SafeText(f.Note), "\n") {
				fmt.Fprintln(w, strings.TrimRight("  "+l, " "))
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Observed ratings sit beside your own; they never change your drift.")
}
