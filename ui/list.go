package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// headed is a row of a grouped list: a group's heading, or a row the
// cursor may rest on.
type headed interface {
	isHeading() bool
}

// groupedList is the cursor and scroll position of a list whose rows are
// grouped under heading rows (the Prompts and Skills tabs): the cursor
// skips the headings, and scrolling keeps the heading above the cursor in
// view.
type groupedList[R headed] struct {
	rows   []R
	cursor int // index into rows; always a non-heading row when there is one
	offset int // the first row on screen
}

// step moves the cursor to i, or on in direction dir to the nearest
// non-heading row, or failing that back against dir, staying within the
// rows.
func (l groupedList[R]) step(i, dir int) int {
	if len(l.rows) == 0 {
		return 0
	}
	i = max(0, min(i, len(l.rows)-1))
	for j := i; j >= 0 && j < len(l.rows); j += dir {
		if !l.rows[j].isHeading() {
			return j
		}
	}
	for j := i; j >= 0 && j < len(l.rows); j -= dir {
		if !l.rows[j].isHeading() {
			return j
		}
	}
	return i
}

// scroll moves the offset so that the cursor shows among h rows, with the
// row above it (its heading, when it is the first of its group) in view.
func (l *groupedList[R]) scroll(h int) {
	h = max(1, h)
	if l.cursor < l.offset+1 {
		l.offset = max(0, l.cursor-1)
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
}

// window returns the rows [from, to) that show in h rows from the offset.
func (l groupedList[R]) window(h int) (from, to int) {
	return l.offset, min(len(l.rows), l.offset+h)
}

// selected returns the row under the cursor, if it is not a heading.
func (l groupedList[R]) selected() (R, bool) {
	if l.cursor < len(l.rows) && !l.rows[l.cursor].isHeading() {
		return l.rows[l.cursor], true
	}
	var zero R
	return zero, false
}

// moveKey moves the cursor for a key of k: a row, half rows, the top or
// the bottom. It reports whether msg was one of k's keys.
func (l *groupedList[R]) moveKey(msg tea.KeyPressMsg, k listKeys, half int) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.cursor = l.step(l.cursor-1, -1)
	case key.Matches(msg, k.Down):
		l.cursor = l.step(l.cursor+1, 1)
	case key.Matches(msg, k.PageUp):
		l.cursor = l.step(l.cursor-half, -1)
	case key.Matches(msg, k.PageDown):
		l.cursor = l.step(l.cursor+half, 1)
	case key.Matches(msg, k.Top):
		l.cursor = l.step(0, 1)
	case key.Matches(msg, k.Bottom):
		l.cursor = l.step(len(l.rows)-1, -1)
	default:
		return false
	}
	return true
}

// mouse moves the cursor for the mouse: the wheel by three rows, a left
// click onto the row clicked, unless it is a heading. top is the screen
// line of the first row on screen.
func (l *groupedList[R]) mouse(msg tea.Msg, top int) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			l.cursor = l.step(l.cursor-3, -1)
		} else if msg.Button == tea.MouseWheelDown {
			l.cursor = l.step(l.cursor+3, 1)
		}
	case tea.MouseClickMsg:
		if i := l.offset + msg.Y - top; msg.Button == tea.MouseLeft && i >= l.offset && i < len(l.rows) &&
			!l.rows[i].isHeading() {
			l.cursor = i
		}
	}
}

// scrollLines returns offset, the first line shown of a body scrolled by
// whole lines, moved for a key of k: a line, page lines, to the top or to
// end. It reports whether msg was one of k's keys; the caller keeps the
// offset within the body.
func (k listKeys) scrollLines(msg tea.KeyPressMsg, offset, page, end int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return offset - 1, true
	case key.Matches(msg, k.Down):
		return offset + 1, true
	case key.Matches(msg, k.PageUp):
		return offset - page, true
	case key.Matches(msg, k.PageDown):
		return offset + page, true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return end, true
	}
	return offset, false
}

// wheelLines is how many lines the mouse wheel scrolls a body by: -3 up,
// 3 down, 0 for any other button.
func wheelLines(msg tea.MouseWheelMsg) int {
	switch msg.Button {
	case tea.MouseWheelUp:
		return -3
	case tea.MouseWheelDown:
		return 3
	}
	return 0
}
