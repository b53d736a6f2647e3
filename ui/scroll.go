package ui

// scrollRows is how many of n lines show in h rows: all h when they fit,
// else one row less, kept for the hint that more is above or below.
func scrollRows(n, h int) int {
	if n <= h {
		return h
	}
	return max(1, h-1)
}

// scrollView shows h rows of lines from offset in w cells. When the lines
// do not fit, the last row says how many more are below (or that the end
// is reached), so nothing is dropped without a sign.
func scrollView(st *theme, lines []string, offset, w, h int) string {
	n := len(lines)
	if n <= h || h < 2 {
		return fitBlock(joinLines(lines), w, h)
	}
	rows := scrollRows(n, h)
	off := max(0, min(offset, n-rows))
	shown := append([]string(nil), lines[off:off+rows]...)
	var hint string
	if below := n - off - rows; below > 0 {
		hint = "↓ " + plural(below, "more line") + " below · j/pgdn or the wheel scroll"
	} else {
		hint = "↑ the end · k/pgup scroll back up"
	}
	shown = append(shown, " "+st.Faint.Render(truncateText(hint, w-2)))
	return fitBlock(joinLines(shown), w, h)
}
