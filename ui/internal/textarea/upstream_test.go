package textarea

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	upstream "charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// hone's changes to the textarea are for speed only: these tests drive this
// copy and upstream's textarea (the module hone still depends on) with the
// same messages and calls, and require the same screen and state after
// every step.

// twins is this textarea and upstream's, given the same settings.
type twins struct {
	ours   Model
	theirs upstream.Model
	steps  []string // what was done, for the failure message
	// broken is upstream's panic, once it had one: from then on only this
	// copy is driven, and it must not panic.
	broken any
}

// upstream runs fn on upstream's textarea unless it broke, and notes a
// panic.
func (tw *twins) upstream(fn func()) {
	if tw.broken != nil {
		return
	}
	defer func() { tw.broken = recover() }()
	fn()
}

func newTwins(prompt, placeholder string, lineNumbers, virtualCursor bool) *twins {
	tw := &twins{ours: New(), theirs: upstream.New()}
	tw.ours.Prompt, tw.theirs.Prompt = prompt, prompt
	tw.ours.Placeholder, tw.theirs.Placeholder = placeholder, placeholder
	tw.ours.ShowLineNumbers, tw.theirs.ShowLineNumbers = lineNumbers, lineNumbers
	tw.ours.SetVirtualCursor(virtualCursor)
	tw.theirs.SetVirtualCursor(virtualCursor)
	tw.ours.Focus()
	tw.theirs.Focus()
	tw.setSize(30, 6)
	return tw
}

func (tw *twins) update(msg tea.Msg) {
	tw.steps = append(tw.steps, fmt.Sprintf("Update(%v)", msg))
	tw.ours, _ = tw.ours.Update(msg)
	tw.upstream(func() { tw.theirs, _ = tw.theirs.Update(msg) })
}

func (tw *twins) setSize(w, h int) {
	tw.steps = append(tw.steps, fmt.Sprintf("SetWidth(%d) SetHeight(%d)", w, h))
	tw.ours.SetWidth(w)
	tw.ours.SetHeight(h)
	tw.upstream(func() { tw.theirs.SetWidth(w); tw.theirs.SetHeight(h) })
}

func (tw *twins) setValue(s string) {
	tw.steps = append(tw.steps, fmt.Sprintf("SetValue(%d lines)", strings.Count(s, "\n")+1))
	tw.ours.SetValue(s)
	tw.upstream(func() { tw.theirs.SetValue(s) })
}

func (tw *twins) insert(s string) {
	tw.steps = append(tw.steps, fmt.Sprintf("InsertString(%q)", s))
	tw.ours.InsertString(s)
	tw.upstream(func() { tw.theirs.InsertString(s) })
}

// fitHeight is what hone's form does to fit a field's height to its text.
func (tw *twins) fitHeight(lo, hi, width int) {
	tw.steps = append(tw.steps, fmt.Sprintf("fit(%d, %d, %d)", lo, hi, width))
	tw.ours.DynamicHeight, tw.ours.MinHeight, tw.ours.MaxHeight = true, lo, hi
	tw.ours.SetWidth(width)
	tw.ours.DynamicHeight, tw.ours.MaxHeight = false, 0
	tw.upstream(func() {
		tw.theirs.DynamicHeight, tw.theirs.MinHeight, tw.theirs.MaxHeight = true, lo, hi
		tw.theirs.SetWidth(width)
		tw.theirs.DynamicHeight, tw.theirs.MaxHeight = false, 0
	})
}

// check fails t when the two differ in anything a user or a caller sees.
// Once upstream's panicked, it reads this copy's state only, which must
// not panic.
func (tw *twins) check(t testing.TB) {
	t.Helper()
	o, u := tw.ours, tw.theirs
	got := []string{
		o.View(), o.Value(),
		fmt.Sprint(o.Line(), o.Column(), o.ScrollYOffset(), o.Height(), o.Width(), o.LineCount(), o.Length()),
		fmt.Sprintf("%+v", o.LineInfo()), fmt.Sprintf("%+v", o.Cursor()), fmt.Sprint(o.HasSelection()), o.SelectedText(),
	}
	var want []string
	tw.upstream(func() {
		want = []string{
			u.View(), u.Value(),
			fmt.Sprint(u.Line(), u.Column(), u.ScrollYOffset(), u.Height(), u.Width(), u.LineCount(), u.Length()),
			fmt.Sprintf("%+v", u.LineInfo()), fmt.Sprintf("%+v", u.Cursor()), fmt.Sprint(u.HasSelection()), u.SelectedText(),
		}
	})
	if tw.broken != nil {
		return
	}
	what := []string{"View", "Value", "Line Column ScrollYOffset Height Width LineCount Length", "LineInfo", "Cursor", "HasSelection", "SelectedText"}
	for i := range got {
		if got[i] != want[i] {
			steps := tw.steps
			if len(steps) > 12 {
				steps = append([]string{"…"}, steps[len(steps)-12:]...)
			}
			t.Fatalf("after %d steps, %s differs from upstream's\nlast steps:\n  %s\nours:\n%s\nupstream's:\n%s",
				len(tw.steps), what[i], strings.Join(steps, "\n  "), got[i], want[i])
		}
	}
}

// twinKeys are the keys the steps press: typing, editing, moving,
// selecting, scrolling.
var twinKeys = []tea.Msg{
	tea.KeyPressMsg{Code: 'a', Text: "a"},
	tea.KeyPressMsg{Code: 'z', Text: "z"},
	tea.KeyPressMsg{Code: ' ', Text: " "},
	tea.KeyPressMsg{Code: '世', Text: "世"},
	tea.KeyPressMsg{Code: 'é', Text: "é"},
	tea.KeyPressMsg{Code: tea.KeyEnter},
	tea.KeyPressMsg{Code: tea.KeyBackspace},
	tea.KeyPressMsg{Code: tea.KeyDelete},
	tea.KeyPressMsg{Code: tea.KeyUp},
	tea.KeyPressMsg{Code: tea.KeyDown},
	tea.KeyPressMsg{Code: tea.KeyLeft},
	tea.KeyPressMsg{Code: tea.KeyRight},
	tea.KeyPressMsg{Code: tea.KeyHome},
	tea.KeyPressMsg{Code: tea.KeyEnd},
	tea.KeyPressMsg{Code: tea.KeyPgUp},
	tea.KeyPressMsg{Code: tea.KeyPgDown},
	tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: tea.KeyBackspace, Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'c', Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: 'u', Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl},
	tea.MouseWheelMsg{Button: tea.MouseWheelDown},
	tea.MouseWheelMsg{Button: tea.MouseWheelUp},
}

// twinLines is text for the steps that put many lines in at once: short
// and long lines, blank lines, wide characters, runs of spaces.
var twinLines = []string{
	"We met at the family's home; Maria led the agenda.",
	"",
	"Strengths: the grandmother drives every Tuesday, and Sam is proud of his drawings.",
	"世界 wide characters 世界世界世界世界世界 in a row",
	"a",
	"    indented   with   runs   of   spaces    ",
	"Anextremelylongwordthatcannotwrapanywhereatallbecauseithasnospaces",
}

// note returns n lines drawn from twinLines.
func note(r *rand.Rand, n int) string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = twinLines[r.IntN(len(twinLines))]
	}
	return strings.Join(lines, "\n")
}

// step does one thing to both, chosen by op and r.
func (tw *twins) step(op byte, r *rand.Rand) {
	switch {
	case op < 200:
		tw.update(twinKeys[int(op)%len(twinKeys)])
	case op < 215:
		tw.insert(twinLines[int(op)%len(twinLines)] + "\n" + twinLines[int(op/3)%len(twinLines)])
	case op < 225:
		tw.setSize(12+r.IntN(60), 1+r.IntN(14))
	case op < 240:
		tw.fitHeight(3, 2+r.IntN(14), 12+r.IntN(60))
	case op < 250:
		tw.setValue(note(r, r.IntN(150)))
	default:
		tw.update(nil)
	}
}

// TestSameAsUpstream runs long random sequences over notes of up to 150
// lines, in each of the settings hone and upstream's tests use.
func TestSameAsUpstream(t *testing.T) {
	settings := []struct {
		prompt, placeholder  string
		numbers, virtualCurs bool
	}{
		{"│ ", "What happened?", false, true}, // hone's form
		{"> ", "Hello, World!", true, true},   // upstream's tests
		{"", "", false, false},
	}
	for si, s := range settings {
		for seed := range uint64(3) {
			t.Run(fmt.Sprintf("settings%d/seed%d", si, seed), func(t *testing.T) {
				t.Parallel()
				r := rand.New(rand.NewPCG(seed, uint64(si)))
				tw := newTwins(s.prompt, s.placeholder, s.numbers, s.virtualCurs)
				tw.check(t)
				tw.setValue(note(r, 40+r.IntN(110)))
				tw.check(t)
				for range 400 {
					tw.step(byte(r.IntN(256)), r)
					tw.check(t)
				}
			})
		}
	}
}

// FuzzSameAsUpstream lets the fuzzer choose the steps.
func FuzzSameAsUpstream(f *testing.F) {
	f.Add([]byte{0, 1, 2, 5, 8, 9, 14, 15, 32, 33, 245, 16, 17, 200, 230})
	f.Add([]byte{245, 17, 32, 32, 32, 33, 15, 15, 14, 5, 5, 6, 6, 220, 31, 30, 6})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 300 {
			return
		}
		r := rand.New(rand.NewPCG(uint64(len(ops)), 1))
		tw := newTwins("│ ", "What happened?", len(ops)%2 == 0, len(ops)%3 != 0)
		for _, op := range ops {
			tw.step(op, r)
			tw.check(t)
		}
	})
}

// TestStaleSelection: upstream keeps an empty selection's anchor through
// edits of its own (shift+down on the last line selects nothing; ctrl+u
// then merges that line away), and the next shift+arrow and key panic on
// it. This copy clamps the selection into the text: no panic, and the
// text typed lands.
func TestStaleSelection(t *testing.T) {
	tw := newTwins("", "", false, false)
	tw.setValue("first line")
	for _, msg := range []tea.Msg{
		tea.KeyPressMsg{Code: tea.KeyEnter},
		tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift},
		tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl},
		tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift},
	} {
		tw.update(msg)
		tw.check(t)
	}
	tw.check(t)
	if tw.broken == nil {
		t.Log("upstream's textarea no longer panics here: the clamp in Selection may be dropped")
	}
	tw.update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	tw.check(t)
	if got := tw.ours.Value(); !strings.Contains(got, "x") || strings.Count(got, "\n") != 0 {
		t.Errorf("after the keys the text is %q; want one line with the x typed", got)
	}
}

// longNote returns n lines of about size runes each, from twinLines, joined
// by spaces or not at all: lines longer than longLine, which this copy
// wraps again from the row an edit changed (wrapLong).
func longNote(r *rand.Rand, n, size int) string {
	lines := make([]string, n)
	for i := range lines {
		var b strings.Builder
		sep := []string{" ", "", "  "}[r.IntN(3)]
		for b.Len() < size {
			b.WriteString(twinLines[r.IntN(len(twinLines))])
			b.WriteString(sep)
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}

// TestSameAsUpstreamLongLines runs random steps over notes of a few lines
// of hundreds to thousands of runes, where most keys edit inside a long
// line: at its end, its start and in its middle, after a resize, with
// lines moved by a line break above them.
func TestSameAsUpstreamLongLines(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(seed, 17))
			tw := newTwins("│ ", "What happened?", seed%2 == 1, true)
			tw.setSize(20+r.IntN(60), 3+r.IntN(12))
			tw.setValue(longNote(r, 1+r.IntN(4), 300+r.IntN(3000)))
			tw.check(t)
			for range 300 {
				switch op := r.IntN(100); {
				case op < 85:
					tw.update(twinKeys[r.IntN(len(twinKeys))])
				case op < 90:
					tw.insert(twinLines[r.IntN(len(twinLines))])
				case op < 94:
					tw.setSize(12+r.IntN(60), 1+r.IntN(14))
				case op < 97:
					tw.fitHeight(3, 2+r.IntN(14), 12+r.IntN(60))
				default:
					tw.setValue(longNote(r, 1+r.IntN(4), 300+r.IntN(3000)))
				}
				tw.check(t)
			}
		})
	}
}
