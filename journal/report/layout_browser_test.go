package report_test

import (
	"bytes"
	"encoding/json"
	"html/template"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"hone/journal"
	"hone/journal/gen"
	"hone/journal/report"
)

// measureScript reports, in the dumped DOM, the width of the viewport, the
// width of the document and the first elements that reach past the
// viewport's right edge. It runs at the end of the body, after the inline
// styles have laid the page out.
const measureScript = `<script>
(function () {
  var w = document.documentElement.clientWidth, wide = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w + 0.5 && wide.length < 8) wide.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.right));
  });
  var host = window.parent.document, p = host.createElement('pre');
  p.id = 'hone-measure';
  p.textContent = JSON.stringify({w: w, sw: document.documentElement.scrollWidth, wide: wide});
  host.body.appendChild(p);
})();
</script>`

// measure is what measureScript reports.
type measure struct {
	W    int      `json:"w"`
	SW   int      `json:"sw"`
	Wide []string `json:"wide"`
}

// measureWidth renders html in Chromium in a frame of a width and returns
// the measure. Headless Chromium's window is at least 500 px wide, so the
// report is shown in a frame (srcdoc, of the host page's origin) as wide as
// a phone. The copy it renders has the report's Content Security Policy
// taken out, to let the measuring script run; the report itself runs none.
func measureWidth(t *testing.T, html []byte, width int) measure {
	t.Helper()
	page := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`).ReplaceAll(html, nil)
	page = bytes.Replace(page, []byte("</body>"), []byte(measureScript+"</body>"), 1)
	host := `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block}</style></head><body>` +
		`<iframe width="` + itoa(width) + `" height="900" srcdoc="` + template.HTMLEscapeString(string(page)) + `"></iframe></body></html>`
	file := filepath.Join(t.TempDir(), "measure.html")
	if err := os.WriteFile(file, []byte(host), 0o600); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, file, "--dump-dom", "--window-size=1400,1000")
	m := regexp.MustCompile(`(?s)<pre id="hone-measure">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the measuring script did not run at %d px", width)
	}
	var got measure
	if err := json.Unmarshal(bytes.ReplaceAll(m[1], []byte("&quot;"), []byte(`"`)), &got); err != nil {
		t.Fatalf("measure %s: %v", m[1], err)
	}
	return got
}

func itoa(n int) string { return strconv.Itoa(n) }

// pdfPages counts the pages of a PDF Chromium printed: its page objects.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

// fewYears is a coach-safe export of `hone gen --entries 2000` (some six
// years) and the day it is read.
func fewYears(t *testing.T) (*journal.Export, journal.Day) {
	end := journal.Date(2026, time.March, 1)
	es := gen.Generate(gen.Options{Entries: 2000, Seed: 1, End: end})
	return journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}), end
}

// TestReportLayoutInChromium renders the single and the team report of a
// few years of entries in headless Chromium at 1280 and 390 px: nothing
// reaches past the right edge (tables stack on a phone, rather than scroll
// sideways), and the single report prints in 20 pages or fewer.
func TestReportLayoutInChromium(t *testing.T) {
	chromium(t)
	x, end := fewYears(t)
	var one bytes.Buffer
	if err := report.Write(&one, x, end); err != nil {
		t.Fatal(err)
	}
	y := journal.BuildExport(gen.Generate(gen.Options{Entries: 700, Seed: 3, End: end}), journal.BuiltinSkills(),
		journal.ExportOptions{Now: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC), Facilitator: "Ben"})
	var team bytes.Buffer
	if err := report.WriteTeam(&team, []*journal.Export{x, y}, end); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		name string
		html []byte
	}{{"single", one.Bytes()}, {"team", team.Bytes()}} {
		for _, width := range []int{1280, 390} {
			m := measureWidth(t, r.html, width)
			if m.W > width || m.W < width-20 {
				t.Errorf("%s at %d px: the viewport is %d px wide", r.name, width, m.W)
			}
			if m.SW > m.W || len(m.Wide) > 0 {
				t.Errorf("%s at %d px: the page is %d px wide in a %d px window; too wide: %v", r.name, width, m.SW, m.W, m.Wide)
			}
		}
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, one.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "report.pdf")
	runChromium(t, file, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("chromium printed no PDF: %v", err)
	}
	n := pdfPages(b)
	t.Logf("the single report of 2000 generated entries (%s) prints on %d pages (A4/Letter as Chromium prints)", x.Period(), n)
	if n == 0 || n > 20 {
		t.Errorf("the single report prints on %d pages, want 1 to 20", n)
	}
}

// TestReportDarkInChromium: with the system in dark mode the report is
// drawn on dark paper, and on light paper otherwise.
func TestReportDarkInChromium(t *testing.T) {
	chromium(t)
	x, end := fewYears(t)
	var b bytes.Buffer
	if err := report.Write(&b, x, end); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dark := range []bool{false, true} {
		shot := filepath.Join(dir, "shot.png")
		args := []string{"--screenshot=" + shot, "--window-size=1280,600"}
		if dark {
			args = append(args, "--force-dark-mode")
		}
		runChromium(t, file, args...)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatalf("no screenshot: %v", err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		r, g, bl, _ := img.At(8, 8).RGBA() // the paper, left of the page's column
		if lum := (r + g + bl) / 3; dark != (lum < 0x6000) {
			t.Errorf("dark mode %v: the paper is %#x %#x %#x", dark, r>>8, g>>8, bl>>8)
		}
	}
}
