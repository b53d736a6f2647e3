package journal

import (
	"errors"
	"slices"
	"strings"
)

// Goal is a learning goal set for a supervision period: a sentence in the
// facilitator's words, tied to the skills it is about. The next preparation
// for supervision shows how those skills were rated since.
type Goal struct {
	ID     string   // set by the store
	Text   string   // "Reflect more than I ask in the first ten minutes"
	Skills []string // skill ids, at least one
	Set    Day      // the day it was set
	Done   bool     // closed: met, or let go
	// Closed is the day the goal was closed, set by the store; zero while
	// it is open, and for a goal closed before hone kept the day.
	Closed Day
}

// MaxGoalText is the longest goal, in characters.
const MaxGoalText = 300

// State says in words where the goal stands: "open", "closed 12 Mar
// 2026", or "closed" when the day it was closed is not known.
func (g *Goal) State() string {
	switch {
	case !g.Done:
		return "open"
	case g.Closed == 0:
		return "closed"
	}
	return "closed " + g.Closed.Short()
}

// Normalize tidies a goal typed by a person.
func (g *Goal) Normalize() {
	g.Text = strings.TrimSpace(CleanText(g.Text))
	var skills []string
	for _, id := range g.Skills {
		id = strings.ToLower(strings.TrimSpace(id))
		if id != "" && !slices.Contains(skills, id) {
			skills = append(skills, id)
		}
	}
	g.Skills = skills
}

// Validate checks a goal against the catalog its skills must be in.
func (g *Goal) Validate(c Catalog, today Day) error {
	if g.Text == "" {
		return Invalid("goal", "say what the goal is, in a sentence")
	}
	if err := checkText("goal", g.Text, MaxGoalText, true); err != nil {
		return err
	}
	if len(g.Skills) == 0 {
		return Invalid("skill", "tie the goal to at least one skill (hone skills lists them)")
	}
	for _, id := range g.Skills {
		if err := c.CheckRating(id, 1); err != nil {
			var e *Error
			if errors.As(err, &e) {
				return &Error{Code: e.Code, Field: "skill", Message: e.Message}
			}
			return err
		}
	}
	if g.Set < EarliestDay || g.Set > today+1 {
		return Invalid("date", "%s is not a day a goal can be set; use a day up to today", g.Set)
	}
	return nil
}

// GoalService keeps learning goals.
type GoalService interface {
	// Goals returns every goal, oldest first.
	Goals() ([]Goal, error)
	// CreateGoal validates g, gives it an id and stores it. EINVALID on
	// bad input.
	CreateGoal(g *Goal) error
	// SetGoalDone closes or reopens a goal and returns it as stored.
	// Closing sets Closed to today, or to the day it was set if that is
	// later; closing a closed goal keeps its day. Reopening clears Closed.
	// ENOTFOUND if there is none.
	SetGoalDone(id string, done bool) (Goal, error)
}
