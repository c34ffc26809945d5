// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// needTools skips the test, saying which, when an independent tool is not
// installed (CI installs them: .ci/run).
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install -y libreoffice-writer-nogui odt2txt docx2txt poppler-utils)", tool)
		}
	}
}

// run runs a tool and returns its standard output.
func run(t *testing.T, ctx context.Context, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// expectedLines lists the text a reader of the document must find, in
// order: each line of each block, each table cell, image captions; check
// list items with their mark.
func expectedLines(bs []docconv.Block) []string {
	var out []string
	add := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if l = collapse(l); l != "" {
				out = append(out, l)
			}
		}
	}
	for _, b := range bs {
		switch b.Type {
		case docconv.Table:
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					add(docconv.Text(c.Content))
				}
			}
		case docconv.Image:
			add(b.Caption)
		case docconv.CheckItem:
			mark := "☐ "
			if b.Checked {
				mark = "☑ "
			}
			add(mark + docconv.Text(b.Content))
		default:
			add(docconv.Text(b.Content))
		}
		out = append(out, expectedLines(b.Children)...)
	}
	return out
}

// collapse turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkText checks that text holds the lines, in order.
func checkText(t *testing.T, what, text string, lines []string) {
	t.Helper()
	text = collapse(text)
	at := 0
	for _, l := range lines {
		i := strings.Index(text[at:], l)
		if i < 0 {
			t.Errorf("%s: %q missing (after position %d) in:\n%s", what, l, at, text)
			return
		}
		at += i + len(l)
	}
}

// TestExportsReadByIndependentTools exports the document BlockNote itself
// made (testdata/blocknote.yupdate, seeded into the real engine) and reads
// the files with other programs: LibreOffice opens the ODT and DOCX (one
// conversion to PDF each, in one run), odt2txt, docx2txt and pdftotext
// find the document's text.
func TestExportsReadByIndependentTools(t *testing.T) {
	needTools(t, "libreoffice", "odt2txt", "docx2txt", "pdftotext")
	e := newEnv(t, dbtest.SQLite(t))
	state, err := os.ReadFile("testdata/blocknote.yupdate")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.docs.Create(t.Context(), e.users["alice"].ID, "Rapport annuel")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.collab.Seed(t.Context(), d.ID, state); err != nil {
		t.Fatal(err)
	}
	c, err := e.collab.Content(t.Context(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	lines := expectedLines(FromTree(c.XML(Fragment)))
	if len(lines) < 20 {
		t.Fatalf("only %d expected lines: %q", len(lines), lines)
	}
	dir := t.TempDir()
	files := map[string]string{}
	for _, f := range []string{"odt", "docx", "pdf", "html", "md"} {
		_, b := e.export(d.ID, f, "alice", http.StatusOK)
		files[f] = filepath.Join(dir, "rapport-"+f+"."+f)
		if err := os.WriteFile(files[f], b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	checkText(t, "odt2txt", run(t, ctx, "odt2txt", files["odt"]), lines)
	checkText(t, "docx2txt", run(t, ctx, "docx2txt", files["docx"], "-"), lines)
	checkText(t, "pdftotext", run(t, ctx, "pdftotext", files["pdf"], "-"), lines)
	if info := run(t, ctx, "pdfinfo", files["pdf"]); !strings.Contains(info, "Rapport annuel") {
		t.Errorf("pdfinfo: no title:\n%s", info)
	}

	// LibreOffice, with a profile of its own so that no other instance on
	// the machine interferes: both files in one start.
	out := filepath.Join(dir, "lo")
	profile := "file://" + filepath.Join(dir, "profile")
	run(t, ctx, "libreoffice", "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", out, files["odt"], files["docx"])
	for _, f := range []string{"odt", "docx"} {
		pdf := filepath.Join(out, "rapport-"+f+".pdf")
		if _, err := os.Stat(pdf); err != nil {
			t.Errorf("LibreOffice did not convert the %s file: %v", f, err)
			continue
		}
		checkText(t, "LibreOffice PDF of the "+f+" file", run(t, ctx, "pdftotext", pdf, "-"), lines)
	}
}
