// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"fmt"
	"strings"
)

// calloutColor is how a kind of callout looks in every format: a light
// background and a darker left border (the editor's colours).
type calloutColor struct {
	bg, border string // hexadecimal RGB, without "#"
}

var calloutColors = map[string]calloutColor{
	"info":    {"E7F1FB", "1C7ED6"},
	"warning": {"FFF4E0", "E8590C"},
	"success": {"E6F6EA", "2F9E44"},
	"danger":  {"FDECEC", "E03131"},
}

// calloutColorOf returns the colours of a callout kind.
func calloutColorOf(kind string) calloutColor { return calloutColors[CalloutKind(kind)] }

// rgb returns the components of a hexadecimal colour.
func rgb(hex string) (int, int, int) {
	var r, g, b int
	fmt.Sscanf(hex, "%02x%02x%02x", &r, &g, &b)
	return r, g, b
}

// calloutCSS styles the exported HTML's callouts, kind by kind.
var calloutCSS = func() string {
	var b strings.Builder
	for _, k := range CalloutKinds {
		c := calloutColors[k]
		fmt.Fprintf(&b, "\naside.callout-%s{background:#%s;border-color:#%s}", k, c.bg, c.border)
	}
	return b.String()
}()

// calloutStyleODT is the name of the ODT paragraph style of a callout kind
// ("Callout_20_info", shown as "Callout info"); the importer reads
// the kind back from it.
func calloutStyleODT(kind string) string { return "Callout_20_" + CalloutKind(kind) }

// calloutStyleDOCX is the ID of the DOCX paragraph style of a callout
// kind ("Calloutinfo", named "Callout info").
func calloutStyleDOCX(kind string) string { return "Callout" + CalloutKind(kind) }

// odtCalloutStyles returns the ODT paragraph styles of callouts.
func odtCalloutStyles() string {
	var b strings.Builder
	for _, k := range CalloutKinds {
		c := calloutColors[k]
		fmt.Fprintf(&b, `<style:style style:name="%s" style:display-name="Callout %s" style:family="paragraph" style:parent-style-name="Standard" style:class="text">`+
			`<style:paragraph-properties fo:margin-top="0.2cm" fo:margin-bottom="0.2cm" fo:background-color="#%s" fo:padding="0.2cm" fo:border-left="3pt solid #%s" fo:border-right="none" fo:border-top="none" fo:border-bottom="none"/></style:style>`,
			calloutStyleODT(k), k, strings.ToLower(c.bg), strings.ToLower(c.border))
	}
	return b.String()
}

// docxCalloutStyles returns the DOCX paragraph styles of callouts.
func docxCalloutStyles() string {
	var b strings.Builder
	for _, k := range CalloutKinds {
		c := calloutColors[k]
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="Callout %s"/><w:basedOn w:val="Normal"/><w:qFormat/>`+
			`<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="%s"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="%s"/><w:spacing w:before="120" w:after="120"/><w:ind w:left="284" w:right="284"/></w:pPr></w:style>`,
			calloutStyleDOCX(k), k, c.border, c.bg)
	}
	return b.String()
}

// callout writes a callout at x: its text, then a box of its colours laid
// over it in "Multiply" blending (which keeps the text readable: fpdf has
// no way to draw behind what is written), with a bar on the left. A callout
// broken across pages keeps its text, without the box.
func (w *pdfWriter) callout(b Block, x float64) {
	c := calloutColorOf(b.Kind)
	w.f.Ln(1.5)
	y0 := w.f.GetY()
	page := w.f.PageNo()
	w.f.Ln(2)
	w.left(x + 4)
	w.inline(b.Content, 11, pdfLine, "")
	w.f.Ln(pdfLine + 2)
	y1 := w.f.GetY()
	if w.f.PageNo() == page && y1 > y0 {
		pw, _ := w.f.GetPageSize()
		w.f.SetAlpha(1, "Multiply")
		w.f.SetFillColor(rgb(c.bg))
		w.f.Rect(x, y0, pw-pdfMargin-x, y1-y0, "F")
		w.f.SetAlpha(1, "Normal")
		w.f.SetFillColor(rgb(c.border))
		w.f.Rect(x, y0, 1.2, y1-y0, "F")
	}
	w.f.Ln(1.5)
}
