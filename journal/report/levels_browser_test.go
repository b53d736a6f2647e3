package report_test

import (
	"bytes"
	"encoding/json"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/journal/gen"
	"hone/journal/report"
)

// levelsScript reports, in the dumped DOM, what a reader of the team
// report's levels period by period gets: the page's width and what reaches
// past it, the tables, whether their cells stack (display block) and name
// their period, and whether their rows and headings keep together in print.
const levelsScript = `<script>
(function () {
  var w = document.documentElement.clientWidth, wide = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w + 0.5 && wide.length < 8) wide.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.right));
  });
  var rows = document.querySelectorAll('table.levels tr'), kept = 0;
  rows.forEach(function (tr) { if (getComputedStyle(tr).breakInside === 'avoid') kept++; });
  var td = document.querySelector('table.levels tbody td'), h3 = document.querySelector('#team-levels h3');
  var host = window.parent.document, p = host.createElement('pre');
  p.id = 'hone-measure';
  p.textContent = JSON.stringify({w: w, sw: document.documentElement.scrollWidth, wide: wide,
    tables: document.querySelectorAll('table.levels').length, rows: rows.length, kept: kept,
    display: td ? getComputedStyle(td).display : '', label: td ? getComputedStyle(td, '::before').content : '',
    h3after: h3 ? getComputedStyle(h3).breakAfter : ''});
  host.body.appendChild(p);
})();
</script>`

type levelsMeasure struct {
	W, SW        int
	Wide         []string
	Tables, Rows int
	Kept         int
	Display      string
	Label        string
	H3after      string `json:"h3after"`
}

// measureLevels renders html in a frame of a width in Chromium with
// levelsScript (see measureWidth).
func measureLevels(t *testing.T, html []byte, width int) levelsMeasure {
	t.Helper()
	page := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`).ReplaceAll(html, nil)
	page = bytes.Replace(page, []byte("</body>"), []byte(levelsScript+"</body>"), 1)
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
	var got levelsMeasure
	if err := json.Unmarshal(bytes.ReplaceAll(m[1], []byte("&quot;"), []byte(`"`)), &got); err != nil {
		t.Fatalf("measure %s: %v", m[1], err)
	}
	return got
}

// TestTeamLevelsInChromium renders the team report of three facilitators'
// 120-day exports in headless Chromium: its levels month by month are a
// table per key element, read across at 1280 px and stacked at 390 px
// (each value named by its month, nothing past the right edge), whose rows
// and headings keep together in print; and it prints.
func TestTeamLevelsInChromium(t *testing.T) {
	chromium(t)
	end := journal.Date(2026, time.March, 1)
	since := end - 120
	var xs []*journal.Export
	for i, name := range []string{"Ana", "Ben", "Cai"} {
		es := gen.Generate(gen.Options{Entries: 800, Seed: uint64(i + 1), Years: 2, End: end})
		xs = append(xs, journal.BuildExport(es, journal.BuiltinSkills(),
			journal.ExportOptions{Now: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC), Facilitator: name, Since: &since}))
	}
	var b bytes.Buffer
	if err := report.WriteTeam(&b, xs, end); err != nil {
		t.Fatal(err)
	}
	html := b.Bytes()
	if !bytes.Contains(html, []byte("<h2>Key elements month by month</h2>")) {
		t.Fatal("the team report has no levels month by month")
	}
	keys := len(journal.KeyElements())
	for _, width := range []int{1280, 390} {
		m := measureLevels(t, html, width)
		t.Logf("%d px: %+v", width, m)
		if m.SW > m.W || len(m.Wide) > 0 {
			t.Errorf("%d px: the page is %d px wide in a %d px window; too wide: %v", width, m.SW, m.W, m.Wide)
		}
		if m.Tables != keys || m.Rows != keys*(1+len(xs)+1) {
			t.Errorf("%d px: %d tables of %d rows in all, want %d of a head, %d facilitators and the median", width, m.Tables, m.Rows, keys, len(xs))
		}
		if m.Kept != m.Rows || m.H3after != "avoid" {
			t.Errorf("%d px: %d of %d rows keep together in print, a heading breaks after %q", width, m.Kept, m.Rows, m.H3after)
		}
		stacked := width < 640
		if got := m.Display == "block"; got != stacked {
			t.Errorf("%d px: cells display %q, want stacked %t", width, m.Display, stacked)
		}
		if stacked && !strings.Contains(m.Label, "2025") && !strings.Contains(m.Label, "2026") {
			t.Errorf("%d px: a stacked cell is named %s, not by its month", width, m.Label)
		}
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "team.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "team.pdf")
	runChromium(t, file, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	p, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("chromium printed no PDF: %v", err)
	}
	t.Logf("the team report of 3 facilitators' 120-day exports prints on %d pages", pdfPages(p))
	if pdfPages(p) == 0 {
		t.Error("the team report printed no page")
	}
}
