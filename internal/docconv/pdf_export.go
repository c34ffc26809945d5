// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/*.ttf
var fontFiles embed.FS

// PDF page geometry, in millimetres.
const (
	pdfMargin = 20.0
	pdfLine   = 5.5 // line height of body text
	pdfIndent = 7.0 // indent of one list level
)

// PDF writes d as an A4 PDF with embedded DejaVu fonts (compiled into the
// binary: no font is read from the system), links, lists, tables, code,
// quotes and data: URL images.
func PDF(d Doc) (_ []byte, err error) {
	defer func() {
		// fpdf panics on some input it cannot lay out; one document must
		// not take the server down.
		if r := recover(); r != nil {
			err = fmt.Errorf("docconv: pdf: %v", r)
		}
	}()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.SetTitle(d.Title, true)
	f.SetCreator("Ensemble", true)
	f.SetCreationDate(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetCatalogSort(true)
	used := fontsUsed(d.Blocks)
	for _, font := range []struct{ family, style, file string }{
		{"sans", "", "DejaVuSans.ttf"}, {"sans", "B", "DejaVuSans-Bold.ttf"},
		{"sans", "I", "DejaVuSans-Oblique.ttf"}, {"sans", "BI", "DejaVuSans-BoldOblique.ttf"},
		{"mono", "", "DejaVuSansMono.ttf"},
	} {
		if !used[font.family+font.style] {
			continue // parsing a font costs tens of megabytes: only those used
		}
		b, err := fontFiles.ReadFile("fonts/" + font.file)
		if err != nil {
			return nil, fmt.Errorf("docconv: pdf font: %w", err)
		}
		f.AddUTF8FontFromBytes(font.family, font.style, b)
	}
	f.AddPage()
	w := &pdfWriter{f: f}
	w.blocks(d.Blocks, 0)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("docconv: pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("docconv: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

type pdfWriter struct {
	f      *fpdf.Fpdf
	images int
}

// left sets the left margin for blocks at depth and moves there.
func (w *pdfWriter) left(x float64) {
	w.f.SetLeftMargin(x)
	w.f.SetX(x)
}

func (w *pdfWriter) blocks(bs []Block, depth int) {
	num := 0
	for _, b := range bs {
		if b.Type == NumberedItem {
			num++
		} else {
			num = 0
		}
		w.block(b, depth, num)
	}
}

func (w *pdfWriter) block(b Block, depth, num int) {
	x := pdfMargin + float64(min(depth, 8))*pdfIndent // deeper levels stay at the 8th
	w.left(x)
	switch b.Type {
	case Heading:
		size := map[int]float64{1: 20, 2: 16, 3: 14}[b.Level]
		if size == 0 {
			size = 12
		}
		w.f.Ln(size * 0.25)
		w.inline(b.Content, size, size*0.5, "B")
		w.f.Ln(size*0.5 + 1.5)
	case BulletItem, ToggleItem, NumberedItem, CheckItem:
		marker := "•"
		switch b.Type {
		case NumberedItem:
			marker = strconv.Itoa(num) + "."
		case CheckItem:
			marker = "☐"
			if b.Checked {
				marker = "☑"
			}
		}
		w.f.SetFont("sans", "", 11)
		w.f.SetTextColor(0, 0, 0)
		w.write(pdfLine, marker, "")
		w.left(x + pdfIndent)
		w.inline(b.Content, 11, pdfLine, "")
		w.f.Ln(pdfLine + 1)
		w.blocks(b.Children, depth+1)
		return
	case CodeBlock:
		w.f.SetFont("mono", "", 9.5)
		w.f.SetTextColor(0, 0, 0)
		w.f.SetFillColor(244, 244, 244)
		// Line by line, in pieces: fpdf's time grows with the square of
		// a cell's length.
		for _, line := range strings.Split(pdfText(Text(b.Content)), "\n") {
			rs := []rune(line)
			for first := true; first || len(rs) > 0; first = false {
				n := min(len(rs), pdfChunk)
				w.f.MultiCell(0, 4.5, string(rs[:n]), "", "L", true)
				rs = rs[n:]
			}
		}
		w.f.Ln(2)
	case Callout:
		w.callout(b, x)
	case Quote:
		y0 := w.f.GetY()
		w.left(x + 5)
		w.inline(b.Content, 11, pdfLine, "I")
		w.f.Ln(pdfLine)
		if y1 := w.f.GetY(); y1 > y0 {
			w.f.SetDrawColor(170, 170, 170)
			w.f.SetLineWidth(0.8)
			w.f.Line(x+1.5, y0, x+1.5, y1)
		}
		w.f.Ln(1.5)
	case Table:
		w.table(b.Rows, x)
	case Divider:
		y := w.f.GetY() + 2
		pw, _ := w.f.GetPageSize()
		w.f.SetDrawColor(128, 128, 128)
		w.f.SetLineWidth(0.3)
		w.f.Line(x, y, pw-pdfMargin, y)
		w.f.Ln(5)
	case Image:
		w.image(b, x)
	case File, Video, Audio:
		w.inline(mediaLink(b), 11, pdfLine, "")
		w.f.Ln(pdfLine + 1.5)
	default:
		w.inline(b.Content, 11, pdfLine, "")
		w.f.Ln(pdfLine + 1.5)
	}
	w.blocks(b.Children, depth)
}

// inline writes runs at size points, with base styles ("B" for headings).
func (w *pdfWriter) inline(runs []Inline, size, h float64, base string) {
	for _, r := range Normalize(runs) {
		family, style := "sans", base
		if r.Bold && !strings.Contains(style, "B") {
			style = "B" + style
		}
		if r.Italic && !strings.Contains(style, "I") {
			style += "I"
		}
		if r.Code {
			family, style = "mono", ""
		}
		if r.Underline {
			style += "U"
		}
		if r.Strike {
			style += "S"
		}
		text := pdfText(r.Text)
		if u, ok := SafeURL(r.Href); ok && r.Href != "" {
			if !strings.Contains(style, "U") {
				style += "U"
			}
			w.f.SetFont(family, style, size)
			w.f.SetTextColor(5, 99, 193)
			w.write(h, text, u)
			continue
		}
		w.f.SetFont(family, style, size)
		w.f.SetTextColor(0, 0, 0)
		w.write(h, text, "")
	}
	w.f.SetTextColor(0, 0, 0)
}

// table writes rows with equal columns; each row is as tall as its
// tallest cell, and starts a new page when it would not fit.
func (w *pdfWriter) table(rows []Row, x float64) {
	n := Columns(rows)
	if n == 0 {
		return
	}
	pw, ph := w.f.GetPageSize()
	colW := (pw - pdfMargin - x) / float64(n)
	const pad = 1.5
	for _, r := range rows {
		// Estimate the row's height from its plain text.
		lines := 1
		w.f.SetFont("sans", "B", 10)
		for _, c := range r.Cells {
			lines = max(lines, len(w.f.SplitText(pdfText(Text(c.Content)), colW-2*pad)))
		}
		est := float64(lines)*5 + 2*pad
		if w.f.GetY()+est > ph-pdfMargin {
			w.f.AddPage()
		}
		y0 := w.f.GetY()
		bottom := y0
		for i := 0; i < n; i++ {
			cell := Cell{}
			if i < len(r.Cells) {
				cell = r.Cells[i]
			}
			cx := x + float64(i)*colW
			w.f.SetLeftMargin(cx + pad)
			w.f.SetRightMargin(pw - cx - colW + pad)
			w.f.SetXY(cx+pad, y0+pad)
			base := ""
			if cell.Header {
				base = "B"
			}
			w.inline(cell.Content, 10, 5, base)
			w.f.Ln(5)
			if w.f.GetY() > bottom {
				bottom = w.f.GetY()
			}
		}
		bottom += pad - 1
		w.f.SetRightMargin(pdfMargin)
		w.f.SetDrawColor(128, 128, 128)
		w.f.SetLineWidth(0.2)
		for i := 0; i < n; i++ {
			w.f.Rect(x+float64(i)*colW, y0, colW, bottom-y0, "D")
		}
		w.left(x)
		w.f.SetY(bottom)
	}
	w.f.Ln(3)
}

// image embeds a data: URL image, scaled to the text width, with its
// caption; other images are a link with their label.
func (w *pdfWriter) image(b Block, x float64) {
	p, ok := picture(b.URL)
	if !ok {
		w.inline(mediaLink(b), 10, pdfLine, "I")
		w.f.Ln(pdfLine + 1.5)
		return
	}
	pw, _ := w.f.GetPageSize()
	wMM := float64(p.Width) * 25.4 / 96
	hMM := float64(p.Height) * 25.4 / 96
	if maxW := pw - pdfMargin - x; wMM > maxW {
		hMM, wMM = hMM*maxW/wMM, maxW
	}
	if hMM > 200 {
		wMM, hMM = wMM*200/hMM, 200
	}
	w.images++
	name := "img" + strconv.Itoa(w.images)
	typ := map[string]string{"png": "PNG", "jpg": "JPG", "gif": "GIF"}[p.Ext]
	w.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(p.Data))
	if w.f.Error() != nil {
		// An image fpdf cannot read (an interlaced PNG…) must not lose the
		// document: show its label instead.
		w.f.ClearError()
		w.inline(mediaLink(Block{Type: Image, Caption: b.Caption, Name: b.Name}), 10, pdfLine, "I")
		w.f.Ln(pdfLine + 1.5)
		return
	}
	w.f.ImageOptions(name, x, -1, wMM, hMM, true, fpdf.ImageOptions{ImageType: typ}, 0, "")
	if b.Caption != "" {
		w.inline([]Inline{{Text: b.Caption}}, 9, 4.5, "I")
		w.f.Ln(4.5)
	}
	w.f.Ln(2)
}

// fontsUsed lists the fonts ("sans", "sansB", "sansI", "sansBI", "mono")
// that writing blocks needs.
func fontsUsed(bs []Block) map[string]bool {
	used := map[string]bool{"sans": true}
	runs := func(rs []Inline, base string) {
		for _, r := range rs {
			if r.Code {
				used["mono"] = true
				continue
			}
			st := base
			if r.Bold && base == "" {
				st = "B"
			}
			if r.Italic || base == "I" {
				st += "I"
			}
			if st == "IB" {
				st = "BI"
			}
			used["sans"+st] = true
		}
	}
	var walk func([]Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			switch b.Type {
			case Heading:
				used["sansB"] = true
				runs(b.Content, "B")
			case Quote:
				used["sansI"] = true
				runs(b.Content, "I")
			case CodeBlock:
				used["mono"] = true
			case Table:
				used["sansB"] = true
				for _, r := range b.Rows {
					for _, c := range r.Cells {
						base := ""
						if c.Header {
							base = "B"
						}
						runs(c.Content, base)
					}
				}
			case Image, File, Video, Audio:
				used["sansI"] = true
			default:
				runs(b.Content, "")
			}
			walk(b.Children)
		}
	}
	walk(bs)
	return used
}

// pdfText makes text fpdf can write: tabs become spaces, control
// characters go, and characters beyond the Basic Multilingual Plane (emoji),
// which its fonts cannot index, become U+FFFD.
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		case r > 0xffff:
			return '\ufffd'
		}
		return r
	}, strings.ReplaceAll(s, "\t", "    "))
}

// pdfChunk bounds the text of one fpdf write call: fpdf indexes a fresh
// []rune of the whole string for every character, so its time grows with
// the square of the length.
const pdfChunk = 200

// write writes text in flowing mode (linked to link if not empty), in
// pieces of at most pdfChunk runes cut after spaces, line by line.
func (w *pdfWriter) write(h float64, text, link string) {
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			w.f.Ln(h)
		}
		rs := []rune(line)
		for len(rs) > 0 {
			n := min(len(rs), pdfChunk)
			if n < len(rs) {
				for k := n; k > pdfChunk/2; k-- {
					if rs[k-1] == ' ' {
						n = k
						break
					}
				}
			}
			if link != "" {
				w.f.WriteLinkString(h, string(rs[:n]), link)
			} else {
				w.f.Write(h, string(rs[:n]))
			}
			rs = rs[n:]
		}
	}
}
