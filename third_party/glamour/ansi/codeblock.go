package ansi

import (
	"io"
)

// A CodeBlockElement is used to render code blocks.
//
// hone's copy: code blocks are rendered as plain text in the code block's
// style (in the colour of chroma's Text style when there is one), without
// syntax highlighting, so that chroma (whose styles and
// lexers cost about 10 ms of package initialisation in every process that
// links it) is not linked in. See third_party/glamour/README.hone.md.
type CodeBlockElement struct {
	Code     string
	Language string
}

// Render renders a CodeBlockElement.
func (e *CodeBlockElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack

	var indentation uint
	var margin uint
	rules := ctx.options.Styles.CodeBlock
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}

	iw := NewIndentWriter(w, int(indentation+margin), func(_ io.Writer) {
		_, _ = renderText(w, bs.Current().Style.StylePrimitive, " ")
	})
	defer iw.Close() //nolint:errcheck

	// The code's colour is the one chroma gave text it did not
	// highlight, when the style has chroma settings.
	style := rules.StylePrimitive
	if rules.Chroma != nil && rules.Chroma.Text.Color != nil {
		style.Color = rules.Chroma.Text.Color
	}
	el := &BaseElement{
		Token: e.Code,
		Style: style,
	}

	return el.Render(iw, ctx)
}
