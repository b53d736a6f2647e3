package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// testRow is a row of a grouped list in tests: a heading when it is true.
type testRow bool

func (r testRow) isHeading() bool { return bool(r) }

// testList is a grouped list of two groups: headings at 0 and 3.
func testList() groupedList[testRow] {
	return groupedList[testRow]{rows: []testRow{true, false, false, true, false, false}, cursor: 1}
}

func TestGroupedListStep(t *testing.T) {
	for _, tc := range []struct {
		name      string
		i, dir    int
		want      int
		headsOnly bool
	}{
		{name: "OnRow", i: 2, dir: 1, want: 2},
		{name: "SkipsHeadingDown", i: 3, dir: 1, want: 4},
		{name: "SkipsHeadingUp", i: 3, dir: -1, want: 2},
		{name: "TopHeadingUp", i: 0, dir: -1, want: 1},
		{name: "ClampsBelow", i: -5, dir: -1, want: 1},
		{name: "ClampsAbove", i: 99, dir: 1, want: 5},
		{name: "OnlyHeadings", i: 1, dir: 1, want: 1, headsOnly: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := testList()
			if tc.headsOnly {
				l.rows = []testRow{true, true, true}
			}
			if got, want := l.step(tc.i, tc.dir), tc.want; got != want {
				t.Errorf("step(%d, %d) = %d, want %d", tc.i, tc.dir, got, want)
			}
		})
	}
	if got, want := (groupedList[testRow]{}).step(3, 1), 0; got != want {
		t.Errorf("step on no rows = %d, want %d", got, want)
	}
}

func TestGroupedListScroll(t *testing.T) {
	l := testList()
	l.cursor = 5
	l.scroll(3)
	if got, want := l.offset, 3; got != want {
		t.Errorf("offset after scrolling down = %d, want %d", got, want)
	}
	l.cursor = 4
	l.scroll(3)
	if got, want := l.offset, 3; got != want {
		t.Errorf("offset with the heading above in view = %d, want %d", got, want)
	}
	if from, to := l.window(10); from != 3 || to != 6 {
		t.Errorf("window(10) = [%d, %d), want [3, 6)", from, to)
	}
	l.cursor = 1
	l.scroll(3)
	if got, want := l.offset, 0; got != want {
		t.Errorf("offset after scrolling up = %d, want %d", got, want)
	}
}

func TestGroupedListMouse(t *testing.T) {
	l := testList()
	l.mouse(tea.MouseWheelMsg{Button: tea.MouseWheelDown}, 2)
	if got, want := l.cursor, 4; got != want {
		t.Errorf("cursor after the wheel down = %d, want %d", got, want)
	}
	l.mouse(tea.MouseWheelMsg{Button: tea.MouseWheelUp}, 2)
	if got, want := l.cursor, 1; got != want {
		t.Errorf("cursor after the wheel up = %d, want %d", got, want)
	}
	l.mouse(tea.MouseClickMsg{Button: tea.MouseLeft, Y: 2 + 3}, 2)
	if got, want := l.cursor, 1; got != want {
		t.Errorf("cursor after a click on a heading = %d, want %d", got, want)
	}
	l.mouse(tea.MouseClickMsg{Button: tea.MouseLeft, Y: 2 + 5}, 2)
	if got, want := l.cursor, 5; got != want {
		t.Errorf("cursor after a click on a row = %d, want %d", got, want)
	}
}

func TestScrollLines(t *testing.T) {
	k := newListKeys()
	for _, tc := range []struct {
		key  string
		want int
	}{
		{"up", 9}, {"down", 11}, {"ctrl+u", 6}, {"ctrl+d", 14}, {"g", 0}, {"G", 40}, {"x", 10},
	} {
		got, ok := k.scrollLines(keyMsg(tc.key), 10, 4, 40)
		if got != tc.want || ok != (tc.key != "x") {
			t.Errorf("scrollLines(%s) = %d, %v; want %d", tc.key, got, ok, tc.want)
		}
	}
	if got, want := wheelLines(tea.MouseWheelMsg{Button: tea.MouseWheelUp}), -3; got != want {
		t.Errorf("wheelLines(up) = %d, want %d", got, want)
	}
	if got, want := wheelLines(tea.MouseWheelMsg{Button: tea.MouseWheelDown}), 3; got != want {
		t.Errorf("wheelLines(down) = %d, want %d", got, want)
	}
}
