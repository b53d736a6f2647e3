package report_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/journal/gen"
	"hone/journal/report"
)

// chromium returns the headless browser to render reports with, skipping
// the test where there is none (CI installs it and must not skip).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium; .ci/run installs it")
	}
	t.Skip("no chromium installed (apt-get install chromium)")
	return ""
}

// runChromium runs headless Chromium on file with args, offline: every host
// name resolves to nothing and every request goes to a dead proxy, so a
// report that needed the network would show it.
func runChromium(t *testing.T, file string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--proxy-server=http://127.0.0.1:9",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"}
	cmd := exec.Command(chromium(t), append(append(base, args...), "file://"+file)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, errOut.String())
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("chromium did not finish in 60 s")
	}
	return out.Bytes()
}

// TestReportInChromium renders a report of a year of entries in real
// headless Chromium: it loads with no network request, its charts are in
// the rendered document, and the screenshot shows them drawn.
func TestReportInChromium(t *testing.T) {
	end := journal.Date(2026, time.March, 1)
	entries := gen.Generate(gen.Options{Entries: 350, Seed: gen.DemoSeed, End: end})
	x := journal.BuildExport(entries, journal.BuiltinSkills(), journal.ExportOptions{Now: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)})
	var b bytes.Buffer
	if err := report.Write(&b, x, end); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	netLog := filepath.Join(dir, "net.json")
	dom := string(runChromium(t, file, "--dump-dom", "--log-net-log="+netLog))
	if got := strings.Count(dom, "<svg"); got < 10 {
		t.Errorf("the rendered document holds %d charts, want one per rated skill (16)", got)
	}
	if !strings.Contains(dom, "drifting") || !strings.Contains(dom, "Key element") && !strings.Contains(dom, "key element") {
		t.Errorf("the rendered document lacks the drift table or the roll-ups")
	}
	if reqs := pageRequests(t, netLog); len(reqs) > 0 {
		t.Errorf("the report made network requests: %v", reqs)
	}

	// The check itself works: a page that loads an image from the network
	// is caught.
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<html><body><img src="http://example.test/x.png"></body></html>`), 0o600)
	controlLog := filepath.Join(dir, "control.json")
	runChromium(t, control, "--dump-dom", "--log-net-log="+controlLog)
	if reqs := pageRequests(t, controlLog); len(reqs) != 1 || reqs[0] != "http://example.test/x.png" {
		t.Errorf("the network check missed a page's request: %v", reqs)
	}

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, file, "--screenshot="+shot, "--window-size=1280,2400")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if inked := inkedShare(img); inked < 0.03 {
		t.Errorf("only %.1f%% of the screenshot is drawn; the report did not render", 100*inked)
	}
}

// pageRequests returns the URLs a page loaded from file:// asked the
// network for, read from Chromium's net log. Chromium's own background
// requests are told apart by their network isolation key, which names the
// page's origin only for the page's requests.
func pageRequests(t *testing.T, netLog string) []string {
	t.Helper()
	b, err := os.ReadFile(netLog)
	if err != nil {
		t.Fatalf("chromium wrote no network log: %v", err)
	}
	var log struct {
		Events []struct {
			Params struct {
				URL string `json:"url"`
				Key string `json:"network_isolation_key"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		// A log cut short at exit: close its event list.
		b = append(bytes.TrimRight(bytes.TrimSpace(b), ","), "]}"...)
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatalf("the network log does not parse: %v", err)
		}
	}
	var urls []string
	for _, e := range log.Events {
		if strings.Contains(e.Params.Key, "file://") && !strings.HasPrefix(e.Params.URL, "file:") && !slices.Contains(urls, e.Params.URL) {
			urls = append(urls, e.Params.URL)
		}
	}
	return urls
}

// inkedShare returns the share of pixels that are not near-white.
func inkedShare(img image.Image) float64 {
	bounds := img.Bounds()
	inked, total := 0, 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if r < 0xe000 || g < 0xe000 || b < 0xe000 {
				inked++
			}
			total++
		}
	}
	return float64(inked) / float64(total)
}
