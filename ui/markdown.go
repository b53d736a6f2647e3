package ui

import (
	"bytes"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"hone/journal"
)

// renderMarkdown renders the Markdown of an entry's notes for the terminal,
// as lines of at most w cells: paragraphs and headings wrapped, lists with
// bullets or numbers, block quotes behind a bar, code as it is (cut where
// too long), links as their text with the address after it. It uses
// goldmark's CommonMark parser alone, no extension. Raw HTML is shown as
// text, and every piece of text is made safe (journal.SafeText) as it
// leaves the source, so that no escape sequence reaches the terminal, not
// even one written as a character reference.
func renderMarkdown(md string, st *noteStyles, w int) []string {
	src := []byte(journal.SafeText(md))
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	doc := p.Parse(text.NewReader(src))
	r := mdRenderer{src: src, st: st, mark: newPainter(st.mark), faint: newPainter(st.faint)}
	return r.blocks(doc, max(w, minNoteWidth), false, mdText)
}

// minNoteWidth is the narrowest a block of notes is drawn: lists and quotes
// nested deeper than the width allows lose their indent instead.
const minNoteWidth = 8

// mdRenderer renders one parsed document.
type mdRenderer struct {
	src         []byte
	st          *noteStyles
	mark, faint painter
	depth       int // of nested bullet lists
	paints      [3 << 5]painter
	made        [3 << 5]bool

	// The inline text being built: runs of one style are painted at once.
	out strings.Builder
	run strings.Builder
	cur mdStyle
}

// mdStyle is the style of a run of text: its base (mdText, mdHeading or
// mdQuote) in the high bits, what is laid over it in the low five.
type mdStyle uint8

const (
	mdEmph mdStyle = 1 << iota
	mdStrong
	mdCode
	mdLink
	mdURL

	mdText    mdStyle = 0
	mdHeading mdStyle = 1 << 5
	mdQuote   mdStyle = 2 << 5
)

// painter returns the painter of a style, made the first time it is asked
// for.
func (r *mdRenderer) painter(s mdStyle) painter {
	if !r.made[s] {
		r.paints[s], r.made[s] = newPainter(r.st.style(s)), true
	}
	return r.paints[s]
}

// style builds the lipgloss style of s, the most specific part first.
func (st *noteStyles) style(s mdStyle) lipgloss.Style {
	ls := st.text
	switch s &^ (1<<5 - 1) {
	case mdHeading:
		ls = st.heading
	case mdQuote:
		ls = st.quote
	}
	for _, o := range []struct {
		bit   mdStyle
		style lipgloss.Style
	}{{mdLink, st.link}, {mdCode, st.code}, {mdEmph, st.emph}, {mdStrong, st.strong}, {mdURL, st.url}} {
		if s&o.bit != 0 {
			ls = o.style.Inherit(ls)
		}
	}
	return ls
}

// blocks renders the blocks in n, one after another, a blank line between
// them unless tight.
func (r *mdRenderer) blocks(n ast.Node, w int, tight bool, base mdStyle) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		ls := r.block(c, w, base)
		if len(ls) == 0 {
			continue
		}
		if len(out) > 0 && !tight {
			out = append(out, "")
		}
		out = append(out, ls...)
	}
	return out
}

func (r *mdRenderer) block(n ast.Node, w int, base mdStyle) []string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return r.para(n, w, base)
	case *ast.Heading:
		mark := strings.Repeat("#", n.Level) + " "
		iw, ok := inset(w, len(mark))
		lines := r.para(n, iw, mdHeading)
		if !ok || len(lines) == 0 {
			return append([]string{r.faint.paint(mark)}, lines...)
		}
		return hang(lines, r.faint.paint(mark), len(mark))
	case *ast.ThematicBreak:
		return []string{r.faint.paint(strings.Repeat("─", w))}
	case *ast.List:
		return r.list(n, w, base)
	case *ast.Blockquote:
		iw, ok := inset(w, 2)
		lines := r.blocks(n, iw, false, mdQuote)
		if !ok {
			return lines
		}
		bar := r.mark.paint("│")
		for i, l := range lines {
			if l == "" {
				lines[i] = bar
			} else {
				lines[i] = bar + " " + l
			}
		}
		return lines
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return r.code(n, w)
	case *ast.HTMLBlock:
		return r.html(n, w, base)
	}
	return r.blocks(n, w, false, base)
}

// inset returns the width left inside an indent of n cells, or w and false
// when that would leave too little.
func inset(w, n int) (int, bool) {
	if w-n < minNoteWidth {
		return w, false
	}
	return w - n, true
}

// hang puts first (n cells wide) before the first line and n spaces before
// the others that are not empty.
func hang(lines []string, first string, n int) []string {
	indent := strings.Repeat(" ", n)
	for i, l := range lines {
		switch {
		case i == 0:
			lines[i] = first + l
		case l != "":
			lines[i] = indent + l
		}
	}
	return lines
}

// list renders a bullet or numbered list, its items' lines indented under
// the marker.
func (r *mdRenderer) list(l *ast.List, w int, base mdStyle) []string {
	var marks []string
	mw := 0
	bullet := [...]string{"•", "◦", "▪"}[min(r.depth, 2)]
	for i := range l.ChildCount() {
		m := bullet
		if l.IsOrdered() {
			m = itoa(l.Start+i) + string(l.Marker)
		}
		marks = append(marks, m)
		mw = max(mw, ansi.StringWidth(m)+1)
	}
	if !l.IsOrdered() {
		r.depth++
		defer func() { r.depth-- }()
	}
	iw, ok := inset(w, mw)
	var out []string
	i := 0
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if i > 0 && !l.IsTight {
			out = append(out, "")
		}
		mark := r.mark.paint(strings.Repeat(" ", mw-1-ansi.StringWidth(marks[i])) + marks[i])
		lines := r.blocks(item, iw, l.IsTight, base)
		switch {
		case !ok || len(lines) == 0:
			out = append(append(out, mark), lines...)
		default:
			out = append(out, hang(lines, mark+" ", mw)...)
		}
		i++
	}
	return out
}

// code renders a code block as it is, indented, lines too long cut in
// pieces.
func (r *mdRenderer) code(n ast.Node, w int) []string {
	iw, ok := inset(w, 2)
	indent := "  "
	if !ok {
		indent = ""
	}
	p := r.painter(mdCode)
	var out []string
	segs := n.Lines()
	for i := range segs.Len() {
		seg := segs.At(i)
		l := expandTabs(strings.TrimRight(string(seg.Value(r.src)), "\n"))
		if l = journal.SafeLine(l); strings.TrimSpace(l) == "" {
			out = append(out, "")
			continue
		}
		for _, part := range strings.Split(ansi.Hardwrap(l, iw, true), "\n") {
			out = append(out, indent+p.paint(part))
		}
	}
	return out
}

// expandTabs replaces tabs with spaces to the next stop of four.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, c := range s {
		if c == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(c)
		col++
	}
	return b.String()
}

// html shows a block of raw HTML as the text it is, each line wrapped.
func (r *mdRenderer) html(n *ast.HTMLBlock, w int, base mdStyle) []string {
	var out []string
	p := r.painter(base)
	add := func(seg text.Segment) {
		l := journal.SafeLine(strings.TrimRight(string(seg.Value(r.src)), "\n"))
		out = append(out, strings.Split(lipgloss.Wrap(p.paint(l), w, ""), "\n")...)
	}
	segs := n.Lines()
	for i := range segs.Len() {
		add(segs.At(i))
	}
	if n.HasClosure() {
		add(n.ClosureLine)
	}
	return out
}

// para renders the inline content of n wrapped to w cells.
func (r *mdRenderer) para(n ast.Node, w int, base mdStyle) []string {
	r.out.Reset()
	r.cur = base
	r.inline(n, base)
	r.flush()
	s := strings.TrimRight(r.out.String(), " \n")
	if s == "" {
		return nil
	}
	return strings.Split(lipgloss.Wrap(s, w, ""), "\n")
}

// inline renders the inline nodes in n in style s.
func (r *mdRenderer) inline(n ast.Node, s mdStyle) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(r.src)
			if c.IsRaw() || s&mdCode != 0 {
				r.write(string(v), s)
			} else {
				r.write(unescape(v), s)
			}
			switch {
			case c.HardLineBreak():
				r.write("\n", s)
			case c.SoftLineBreak():
				r.write(" ", s)
			}
		case *ast.String:
			r.write(string(c.Value), s)
		case *ast.CodeSpan:
			r.marked("`", c, s|mdCode)
		case *ast.Emphasis:
			if c.Level >= 2 {
				r.marked("**", c, s|mdStrong)
			} else {
				r.marked("*", c, s|mdEmph)
			}
		case *ast.Link:
			r.link(c, c.Destination, s)
		case *ast.Image:
			r.link(c, c.Destination, s)
		case *ast.AutoLink:
			r.write(string(c.Label(r.src)), s|mdLink)
		case *ast.RawHTML:
			for i := range c.Segments.Len() {
				seg := c.Segments.At(i)
				r.write(string(seg.Value(r.src)), s)
			}
		default:
			r.inline(c, s)
		}
	}
}

// marked renders n in style s, between marks in monochrome where the style
// does not show.
func (r *mdRenderer) marked(mark string, n ast.Node, s mdStyle) {
	if r.st.marks {
		r.write(mark, s)
	}
	r.inline(n, s)
	if r.st.marks {
		r.write(mark, s)
	}
}

// link renders a link's text, followed by its address when that is not
// the text.
func (r *mdRenderer) link(n ast.Node, dest []byte, s mdStyle) {
	r.inline(n, s|mdLink)
	url := journal.SafeLine(unescape(dest))
	label := plainText(n, r.src)
	if url != "" && url != label && url != "mailto:"+label {
		r.write(" ("+url+")", s&^(mdEmph|mdStrong|mdCode)|mdURL)
	}
}

// plainText is the text of the inline nodes in n, without styles.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.WriteString(unescape(t.Segment.Value(src)))
		}
		return ast.WalkContinue, nil
	})
	return journal.SafeLine(b.String())
}

// write adds text in style s to the inline text being built, made safe
// for the terminal (a line break stays one).
func (r *mdRenderer) write(t string, s mdStyle) {
	if t == "" {
		return
	}
	if s != r.cur {
		r.flush()
		r.cur = s
	}
	if t == "\n" {
		r.run.WriteString(t)
		return
	}
	r.run.WriteString(journal.SafeLine(t))
}

// flush paints the run of text built so far.
func (r *mdRenderer) flush() {
	if r.run.Len() == 0 {
		return
	}
	p := r.painter(r.cur)
	for i, l := range strings.Split(r.run.String(), "\n") {
		if i > 0 {
			r.out.WriteByte('\n')
		}
		if l != "" {
			r.out.WriteString(p.paint(l))
		}
	}
	r.run.Reset()
}

// unescape resolves backslash escapes and character references, as an
// HTML renderer would; what comes out is made safe by write.
func unescape(b []byte) string {
	if !bytes.ContainsAny(b, `\&`) {
		return string(b)
	}
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b))))
}
