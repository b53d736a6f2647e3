package ui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"hone/journal"
	"hone/ui/internal/textarea"
)

// palette holds hone's colours for one background. In monochrome every
// colour is nil, which lipgloss reads as "no colour".
type palette struct {
	accent, text, muted, faint, rule color.Color
	good, warn, bad, stale           color.Color
	selection                        color.Color
}

// newPalette returns the colours for a dark or a light background, or no
// colours at all when mono is set (NO_COLOR, or a terminal without colour).
func newPalette(dark, mono bool) palette {
	if mono {
		return palette{}
	}
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		accent:    ld(c("#4B3FC4"), c("#ABA4FF")),
		text:      ld(c("#1F1F1F"), c("#E4E4E4")),
		muted:     ld(c("#5C5C5C"), c("#A3A3A3")),
		faint:     ld(c("#8A8A8A"), c("#6E6E6E")),
		rule:      ld(c("#D4D4D4"), c("#3A3A3A")),
		good:      ld(c("#1B7535"), c("#73D28F")),
		warn:      ld(c("#8A5D00"), c("#E8C15C")),
		bad:       ld(c("#B1261C"), c("#FF8177")),
		stale:     ld(c("#2F66A3"), c("#82AEE6")),
		selection: ld(c("#E6E3FA"), c("#2F2B4D")),
	}
}

// theme is every style hone's screens use, built for one background by
// newStyles. Views take their styles from here and never build their own.
type theme struct {
	Dark, Mono bool

	Brand, Tab, TabActive, Rule lipgloss.Style

	Heading, Text, Bold, Muted, Faint, Italic lipgloss.Style
	Key                                       lipgloss.Style // a key named in running text

	Selected, SelectedMark lipgloss.Style // the row under the cursor
	ColumnHead             lipgloss.Style

	StatusInfo, StatusError, Question lipgloss.Style

	Drifting, Improving, Watch, Steady, Stale, Quiet lipgloss.Style

	Chip, ChipValue lipgloss.Style

	Label, LabelFocused, FieldError, Value, ValueFocused, Hint lipgloss.Style
	RatingCell, RatingCellFocused, RatingValue                 lipgloss.Style

	Quote, Box lipgloss.Style

	// A skill's chart and sparkline, and the star of a reflection marked
	// for supervision.
	ChartLine, ChartBaseline, ChartLevel, ChartReference, ChartAxis, ChartLabel lipgloss.Style
	// ChartObserved marks a coach's observed ratings, apart from the self-ratings.
	ChartObserved lipgloss.Style
	Spark, Star   lipgloss.Style

	Help      help.Styles
	TextInput textinput.Styles
	TextArea  textarea.Styles

	// Markdown names the glamour style for notes.
	Markdown string

	// Row holds fast painters for the entry list, which draws many cells
	// per frame.
	Row rowPainters
}

// painter applies a simple style (colours and attributes, no padding,
// width or borders) by wrapping text in the style's escape sequences,
// rendered once. It costs a string concatenation instead of a full
// lipgloss render.
type painter struct{ pre, post string }

// paintMark stands for the text when a style is rendered once; a private
// use character that no style changes.
const paintMark = "\uE000"

func newPainter(st lipgloss.Style) painter {
	pre, post, ok := strings.Cut(st.Render(paintMark), paintMark)
	if !ok {
		return painter{}
	}
	return painter{pre: pre, post: post}
}

// paint styles s.
func (p painter) paint(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

// rowPainters are the painters of an entry row.
type rowPainters struct {
	date, kind, family, title, dim, chip, chipValue, faint, selected painter
}

// newStyles builds the styles for a dark or light background; mono drops
// every colour and keeps bold and reverse to a minimum.
func newStyles(dark, mono bool) theme {
	p := newPalette(dark, mono)
	base := lipgloss.NewStyle()
	fg := func(c color.Color) lipgloss.Style {
		if c == nil {
			return base
		}
		return base.Foreground(c)
	}
	s := theme{Dark: dark, Mono: mono}

	s.Brand = fg(p.accent).Bold(true)
	s.Tab = fg(p.muted).Padding(0, 1)
	if mono {
		s.TabActive = base.Reverse(true).Padding(0, 1)
	} else {
		s.TabActive = fg(p.accent).Background(p.selection).Bold(true).Padding(0, 1)
	}
	s.Rule = fg(p.rule)

	s.Heading = fg(p.accent).Bold(true)
	s.Text = fg(p.text)
	s.Bold = fg(p.text).Bold(true)
	s.Muted = fg(p.muted)
	s.Faint = fg(p.faint)
	s.Italic = fg(p.muted).Italic(true)
	s.Key = fg(p.accent)
	s.ColumnHead = fg(p.muted)

	if mono {
		s.Selected = base.Reverse(true)
	} else {
		s.Selected = base.Background(p.selection).Foreground(p.text)
	}
	s.SelectedMark = fg(p.accent).Bold(true)

	s.StatusInfo = fg(p.good)
	s.StatusError = fg(p.bad).Bold(true)
	s.Question = fg(p.warn).Bold(true)

	s.Drifting = fg(p.bad).Bold(true)
	s.Improving = fg(p.good).Bold(true)
	s.Watch = fg(p.warn)
	s.Steady = fg(p.muted)
	s.Stale = fg(p.stale)
	s.Quiet = fg(p.faint)

	s.Chip = fg(p.muted)
	s.ChipValue = fg(p.accent)

	s.Label = fg(p.muted)
	s.LabelFocused = fg(p.accent).Bold(true)
	s.FieldError = fg(p.bad)
	s.Value = fg(p.text)
	s.ValueFocused = fg(p.accent).Bold(true)
	s.Hint = fg(p.faint)
	s.RatingCell = fg(p.muted)
	if mono {
		s.RatingCellFocused = base.Reverse(true)
	} else {
		s.RatingCellFocused = base.Background(p.selection).Foreground(p.accent).Bold(true)
	}
	s.RatingValue = fg(p.accent).Bold(true)

	s.Quote = fg(p.text).Italic(true)
	s.Box = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if !mono {
		s.Box = s.Box.BorderForeground(p.accent)
	}

	s.ChartLine = fg(p.accent)
	s.ChartBaseline = fg(p.muted)
	s.ChartLevel = fg(p.warn).Bold(true)
	s.ChartReference = fg(p.bad)
	s.ChartObserved = fg(p.good).Bold(true)
	s.ChartAxis = fg(p.rule)
	s.ChartLabel = fg(p.muted)
	if mono {
		s.ChartAxis = base
	}
	s.Spark = fg(p.accent)
	s.Star = fg(p.warn).Bold(true)

	s.Help = help.Styles{
		ShortKey:       fg(p.accent),
		ShortDesc:      fg(p.muted),
		ShortSeparator: fg(p.faint),
		Ellipsis:       fg(p.faint),
		FullKey:        fg(p.accent),
		FullDesc:       fg(p.muted),
		FullSeparator:  fg(p.faint),
	}

	s.TextInput = textinput.Styles{
		Focused: textinput.StyleState{Text: fg(p.text), Placeholder: fg(p.faint), Suggestion: fg(p.faint), Prompt: fg(p.accent)},
		Blurred: textinput.StyleState{Text: fg(p.text), Placeholder: fg(p.faint), Suggestion: fg(p.faint), Prompt: fg(p.faint)},
		Cursor:  textinput.CursorStyle{Color: p.accent, Shape: tea.CursorBlock, Blink: false},
	}
	ta := textarea.StyleState{
		Base: base, Text: fg(p.text), Placeholder: fg(p.faint), Prompt: fg(p.faint),
		CursorLine: fg(p.text), CursorLineNumber: fg(p.faint), LineNumber: fg(p.faint),
		EndOfBuffer: fg(p.faint), Selection: base.Reverse(true),
	}
	focused := ta
	focused.Prompt = fg(p.accent)
	s.TextArea = textarea.Styles{
		Focused: focused,
		Blurred: ta,
		Cursor:  textarea.CursorStyle{Color: p.accent, Shape: tea.CursorBlock, Blink: false},
	}

	s.Row = rowPainters{
		date: newPainter(s.Muted), kind: newPainter(s.Text), family: newPainter(s.Muted),
		title: newPainter(s.Text), dim: newPainter(s.Muted), chip: newPainter(s.Chip),
		chipValue: newPainter(s.ChipValue), faint: newPainter(s.Faint), selected: newPainter(s.Selected),
	}

	switch {
	case mono:
		s.Markdown = "notty"
	case dark:
		s.Markdown = "dark"
	default:
		s.Markdown = "light"
	}
	return s
}

// chart returns the styles of a skill's chart.
func (s *theme) chart() chartStyles {
	return chartStyles{line: s.ChartLine, baseline: s.ChartBaseline, level: s.ChartLevel, reference: s.ChartReference, axis: s.ChartAxis, label: s.ChartLabel, observed: s.ChartObserved}
}

// status returns the style of a drift verdict.
func (s *theme) status(st journal.Status) lipgloss.Style {
	switch st {
	case journal.StatusDrifting:
		return s.Drifting
	case journal.StatusImproving:
		return s.Improving
	case journal.StatusWatch:
		return s.Watch
	case journal.StatusSteady:
		return s.Steady
	}
	return s.Quiet
}
