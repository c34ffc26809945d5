// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"strings"
	"testing"
)

// GitHub alerts import as callouts, whatever their case; anything else that
// looks like one stays a quote.
func TestImportMarkdownAlerts(t *testing.T) {
	for _, c := range []struct {
		name, src   string
		typ, kind   string
		text, again string // again: the Markdown written back ("" when src)
	}{
		{"note", "> [!NOTE]\n> Une note\n", Callout, "info", "Une note", ""},
		{"tip", "> [!TIP]\n> Astuce **grasse**\n", Callout, "success", "Astuce grasse", ""},
		{"lower case", "> [!warning]\n> Prudence\n", Callout, "warning", "Prudence", "> [!WARNING]\n> Prudence\n"},
		{"important", "> [!IMPORTANT]\n> Lire\n", Callout, "warning", "Lire", "> [!WARNING]\n> Lire\n"},
		{"caution on two lines", "> [!CAUTION]\n> un\n> deux\n", Callout, "danger", "un deux", "> [!CAUTION]\n> un deux\n"},
		{"empty", "> [!NOTE]\n", Callout, "info", "", ""},
		{"escaped marker", "> \\[!NOTE\\]\n> texte\n", Quote, "", "[!NOTE] texte", "> \\[!NOTE\\] texte\n"},
		{"unknown kind", "> [!BOF]\n> texte\n", Quote, "", "[!BOF] texte", "> \\[!BOF\\] texte\n"},
		{"marker not alone", "> [!NOTE] texte\n", Quote, "", "[!NOTE] texte", "> \\[!NOTE\\] texte\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := ImportMarkdown([]byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != 1 {
				t.Fatalf("%d blocks: %+v", len(d.Blocks), d.Blocks)
			}
			b := d.Blocks[0]
			if b.Type != c.typ || b.Kind != c.kind || Text(b.Content) != c.text {
				t.Errorf("got %s %q %q, want %s %q %q", b.Type, b.Kind, Text(b.Content), c.typ, c.kind, c.text)
			}
			want := c.again
			if want == "" {
				want = c.src
			}
			if got := string(Markdown(d)); got != want {
				t.Errorf("written back as %q, want %q", got, want)
			}
		})
	}
}

// Every kind of callout keeps its kind through each format that can be
// read back, and an unknown kind is written as the default.
func TestCalloutKindsRoundTrip(t *testing.T) {
	var bs []Block
	for _, k := range CalloutKinds {
		bs = append(bs, Block{Type: Callout, Kind: k, Content: []Inline{{Text: "texte " + k}}})
	}
	bs = append(bs, Block{Type: Callout, Kind: "<script>", Content: []Inline{{Text: "inconnu"}}})
	d := Doc{Blocks: bs}
	for _, f := range []struct {
		name string
		exp  func(Doc) ([]byte, error)
		imp  func([]byte) (Doc, error)
	}{
		{"md", func(d Doc) ([]byte, error) { return Markdown(d), nil }, ImportMarkdown},
		{"odt", ODT, ImportODT},
		{"docx", DOCX, ImportDOCX},
	} {
		t.Run(f.name, func(t *testing.T) {
			data, err := f.exp(d)
			if err != nil {
				t.Fatal(err)
			}
			back, err := f.imp(data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range back.Blocks {
				got = append(got, b.Type+":"+b.Kind+":"+Text(b.Content))
			}
			want := "callout:info:texte info,callout:warning:texte warning,callout:success:texte success,callout:danger:texte danger,callout:info:inconnu"
			if strings.Join(got, ",") != want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
			}
		})
	}
	if h := HTML(d); bytes.Contains(h, []byte("script")) || !bytes.Contains(h, []byte(`class="callout callout-info" data-kind="info"><p>inconnu`)) {
		t.Errorf("HTML of an unknown kind:\n%s", h)
	}
	if _, err := PDF(d); err != nil {
		t.Errorf("PDF: %v", err)
	}
}
