// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Limits of what an import may hold.
const (
	// MaxMarkdown bounds a Markdown file.
	MaxMarkdown = 4 << 20
	// maxBlocks bounds the blocks of an imported document.
	maxBlocks = 50_000
	// maxDepth bounds the nesting of imported blocks (lists in lists,
	// quotes in quotes).
	maxDepth = 32
)

// ImportMarkdown reads CommonMark with the GitHub extensions into a Doc.
// It refuses a file that is too large, not UTF-8 text, too deeply nested,
// or that holds script: a link or image to a javascript: (or other
// unsafe) address, or HTML with a script, an event handler or a frame.
// Other raw HTML is dropped, except <u>, which underlines, and <br>.
func ImportMarkdown(src []byte) (Doc, error) {
	if len(src) > MaxMarkdown {
		return Doc{}, errs.Explain(errs.TooLarge, "The Markdown file is larger than %d MiB.", MaxMarkdown>>20)
	}
	if err := checkText(src); err != nil {
		return Doc{}, err
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a byte order mark (Windows editors)
	if err := checkNesting(src); err != nil {
		return Doc{}, err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	root := md.Parser().Parse(text.NewReader(src))
	c := &mdReader{src: src}
	blocks, err := c.blocks(root, 0)
	if err != nil {
		return Doc{}, err
	}
	return Doc{Title: firstHeading(blocks), Blocks: blocks}, nil
}

// checkText refuses input that is not text: invalid UTF-8, NUL bytes, or
// the signature of a binary format.
func checkText(src []byte) error {
	if bytes.HasPrefix(src, []byte("PK\x03\x04")) || bytes.HasPrefix(src, []byte("%PDF")) ||
		!utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		return errs.Explain(errs.Invalid, "The file is not Markdown text (UTF-8).")
	}
	return nil
}

// checkNesting refuses, before parsing, lines that open more than maxDepth
// containers (quotes, list items) or are indented by hundreds of columns:
// the parser's time grows with the square of the nesting.
func checkNesting(src []byte) error {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		markers, width := 0, 0
		for i, c := range line {
			next := byte(' ')
			if i+1 < len(line) {
				next = line[i+1]
			}
			switch {
			case c == '>':
				markers++
			case (c == '-' || c == '+' || c == '*' || c == '.' || c == ')') && (next == ' ' || next == '\t'):
				markers++ // a list marker (1. counts at its dot)
			case c == ' ':
				width++
			case c == '\t':
				width += 4
			}
			if !strings.ContainsRune(">-+*.) \t0123456789", rune(c)) {
				break // the text of the line starts
			}
		}
		if markers > maxDepth || width > 8*maxDepth {
			return errs.Explain(errs.Invalid, "The document nests blocks more than %d deep.", maxDepth)
		}
	}
	return nil
}

// firstHeading returns the text of the first heading, a title for an
// imported document.
func firstHeading(bs []Block) string {
	for _, b := range bs {
		if b.Type == Heading {
			return strings.TrimSpace(oneLine(Text(b.Content)))
		}
	}
	return ""
}

type mdReader struct {
	src   []byte
	count int
}

// add counts a block against the limit.
func (c *mdReader) add(depth int) error {
	c.count++
	if c.count > maxBlocks {
		return errs.Explain(errs.TooLarge, "The document has more than %d blocks.", maxBlocks)
	}
	if depth > maxDepth {
		return errs.Explain(errs.Invalid, "The document nests blocks more than %d deep.", maxDepth)
	}
	return nil
}

// blocks converts the block children of n.
func (c *mdReader) blocks(n ast.Node, depth int) ([]Block, error) {
	var out []Block
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		bs, err := c.block(k, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, bs...)
	}
	return out, nil
}

// block converts one block node; a list gives one block per item.
func (c *mdReader) block(n ast.Node, depth int) ([]Block, error) {
	if err := c.add(depth); err != nil {
		return nil, err
	}
	switch n := n.(type) {
	case *ast.Heading:
		in, err := c.inlines(n)
		return []Block{{Type: Heading, Level: min(max(n.Level, 1), MaxHeadingLevel), Content: in}}, err
	case *ast.Paragraph, *ast.TextBlock:
		if img, ok := n.FirstChild().(*ast.Image); ok && img.NextSibling() == nil {
			return c.image(img)
		}
		in, err := c.inlines(n)
		if err != nil || len(in) == 0 {
			return nil, err
		}
		return []Block{{Type: Paragraph, Content: in}}, nil
	case *ast.ThematicBreak:
		return []Block{{Type: Divider}}, nil
	case *ast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			lang = codeLanguage(string(n.Language(c.src)))
		}
		return []Block{codeBlock(c.lines(n), lang)}, nil
	case *ast.CodeBlock:
		return []Block{codeBlock(c.lines(n), "")}, nil
	case *ast.Blockquote:
		return c.quote(n, depth)
	case *ast.List:
		return c.list(n, depth)
	case *ast.HTMLBlock:
		return c.htmlBlock(n)
	case *east.Table:
		return c.table(n)
	}
	// Anything else (a link reference definition leaves nothing): its text.
	return nil, nil
}

func codeBlock(code, lang string) Block {
	b := Block{Type: CodeBlock, Language: lang}
	if code != "" {
		b.Content = []Inline{{Text: code}}
	}
	return b
}

// lines returns the raw lines of a code block without the last newline.
func (c *mdReader) lines(n ast.Node) string {
	var b strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		b.Write(seg.Value(c.src))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// quote makes one quote block of the paragraphs of a block quote (joined by
// line breaks); other blocks inside follow as children.
func (c *mdReader) quote(n *ast.Blockquote, depth int) ([]Block, error) {
	q := Block{Type: Quote}
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		if p, ok := k.(*ast.Paragraph); ok && len(q.Children) == 0 {
			in, err := c.inlines(p)
			if err != nil {
				return nil, err
			}
			if k == n.FirstChild() {
				if kind, marker, ok := c.alert(p); ok {
					// A GitHub alert ("> [!NOTE]" on its own line) is a callout.
					q.Type, q.Kind = Callout, kind
					in = dropText(in, marker)
				}
			}
			if len(q.Content) > 0 {
				q.Content = append(q.Content, Inline{Text: "\n"})
			}
			q.Content = append(q.Content, in...)
			continue
		}
		bs, err := c.block(k, depth+1)
		if err != nil {
			return nil, err
		}
		q.Children = append(q.Children, bs...)
	}
	q.Content = Normalize(q.Content)
	return []Block{q}, nil
}

// list makes one block per item: its first paragraph is the content, the
// rest its children.
func (c *mdReader) list(n *ast.List, depth int) ([]Block, error) {
	var out []Block
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		b := Block{Type: BulletItem}
		if n.IsOrdered() {
			b.Type = NumberedItem
		}
		k := item.FirstChild()
		if p, ok := k.(*ast.Paragraph); ok {
			b.Content, b.Checked = nil, false
			if cb, ok := p.FirstChild().(*east.TaskCheckBox); ok && !n.IsOrdered() {
				b.Type, b.Checked = CheckItem, cb.IsChecked
			}
			in, err := c.inlines(p)
			if err != nil {
				return nil, err
			}
			b.Content = trimLeadingSpace(in)
			k = k.NextSibling()
		} else if p, ok := k.(*ast.TextBlock); ok {
			if cb, ok := p.FirstChild().(*east.TaskCheckBox); ok && !n.IsOrdered() {
				b.Type, b.Checked = CheckItem, cb.IsChecked
			}
			in, err := c.inlines(p)
			if err != nil {
				return nil, err
			}
			b.Content = trimLeadingSpace(in)
			k = k.NextSibling()
		}
		for ; k != nil; k = k.NextSibling() {
			bs, err := c.block(k, depth+1)
			if err != nil {
				return nil, err
			}
			b.Children = append(b.Children, bs...)
		}
		if err := c.add(depth); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// trimLeadingSpace drops the blank a task list's check box leaves.
func trimLeadingSpace(in []Inline) []Inline {
	if len(in) > 0 && !in[0].Code {
		in[0].Text = strings.TrimLeft(in[0].Text, " ")
	}
	return Normalize(in)
}

// image makes an image block of a paragraph that holds only an image.
func (c *mdReader) image(img *ast.Image) ([]Block, error) {
	dest := unescapeMD(img.Destination)
	u, ok := safeImageURL(dest)
	if !ok {
		return nil, errs.Explain(errs.Invalid, "The file has an image at an unsafe address (%.40q).", dest)
	}
	alt, err := c.inlines(img)
	if err != nil {
		return nil, err
	}
	return []Block{{Type: Image, URL: u, Caption: strings.TrimSpace(oneLine(Text(alt)))}}, nil
}

// table converts a GFM table; the header row's cells are header cells.
func (c *mdReader) table(t *east.Table) ([]Block, error) {
	b := Block{Type: Table}
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		_, header := r.(*east.TableHeader)
		var row Row
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			in, err := c.inlines(cell)
			if err != nil {
				return nil, err
			}
			row.Cells = append(row.Cells, Cell{Header: header, Content: in})
		}
		b.Rows = append(b.Rows, row)
	}
	if err := checkTable(b.Rows); err != nil {
		return nil, err
	}
	return []Block{b}, nil
}

// unsafeHTML finds what makes raw HTML able to run script.
func unsafeHTML(raw string) bool {
	l := strings.ToLower(raw)
	for _, bad := range []string{"<script", "javascript:", "vbscript:", "<iframe", "<object", "<embed", "<frame", "srcdoc", "<svg", "<math", "<style", "<link", "<meta", "<base", "<form"} {
		if strings.Contains(l, bad) {
			return true
		}
	}
	// Event handlers: on…= in a tag.
	for i := strings.Index(l, "on"); i >= 0; {
		j := i + 2
		for j < len(l) && l[j] >= 'a' && l[j] <= 'z' {
			j++
		}
		k := j
		for k < len(l) && (l[k] == ' ' || l[k] == '\t' || l[k] == '\n') {
			k++
		}
		before := i == 0 || strings.ContainsRune(" \t\n/\"'", rune(l[i-1]))
		if j > i+2 && k < len(l) && l[k] == '=' && before {
			return true
		}
		next := strings.Index(l[i+2:], "on")
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return false
}

// htmlBlock refuses HTML with script and keeps the text of other HTML as a
// paragraph.
func (c *mdReader) htmlBlock(n *ast.HTMLBlock) ([]Block, error) {
	var raw strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		raw.Write(seg.Value(c.src))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(c.src))
	}
	if unsafeHTML(raw.String()) {
		return nil, errs.Explain(errs.Invalid, "The file holds HTML that could run a script; remove it and import again.")
	}
	t := strings.Join(strings.Fields(html.UnescapeString(stripTags(raw.String()))), " ")
	// An image in HTML (BlockNote writes <figure><img …><figcaption>).
	if m := imgSrc.FindStringSubmatch(raw.String()); m != nil {
		if u, ok := safeImageURL(html.UnescapeString(m[1])); ok {
			return []Block{{Type: Image, URL: u, Caption: t}}, nil
		}
		return nil, errs.Explain(errs.Invalid, "The file has an image at an unsafe address.")
	}
	if t == "" {
		return nil, nil
	}
	return []Block{{Type: Paragraph, Content: []Inline{{Text: t}}}}, nil
}

// imgSrc finds the address of an image in HTML.
var imgSrc = regexp.MustCompile(`(?i)<img\s[^>]*\bsrc\s*=\s*["']([^"']*)["']`)

// stripTags removes markup, keeping the text between tags.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// errUnsafeLink is the message for a link that could run script.
func errUnsafeLink(dest string) error {
	return fmt.Errorf("docconv: link %.60q: %w", dest, errs.Explain(errs.Invalid, "The file has a link to an unsafe address (%.40q); only http, https, mailto and tel links can be imported.", dest))
}
