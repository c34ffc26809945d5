// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// htmlStyle is the style sheet of an exported page.
var htmlStyle = `body{font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}code{font-family:DejaVu Sans Mono,monospace}
blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem;color:#444}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem}
ul.checklist{list-style:none;padding-left:1.2rem}figure{margin:1rem 0}img{max-width:100%}
aside.callout{border-left:4px solid;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}aside.callout p{margin:0}` + calloutCSS

// HTML writes d as a standalone HTML page. Text is escaped, links keep only
// safe addresses (see SafeURL), images only data: URLs of real images
// (others become a link), and the body goes through an allow-list
// sanitizer as a second guard, so no markup in the document can run script.
func HTML(d Doc) []byte {
	var w htmlWriter
	w.blocks(d.Blocks)
	body := htmlPolicy().Sanitize(w.b.String())
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
	b.WriteString(html.EscapeString(d.Title))
	b.WriteString("</title>\n<style>" + htmlStyle + "</style>\n</head>\n<body>\n")
	b.WriteString(body)
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// htmlPolicy allows exactly the markup HTML writes.
func htmlPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "strong", "em", "u", "s", "code", "pre",
		"blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "hr", "aside")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z -]{1,40}$`)).OnElements("ul", "li", "code", "pre", "aside")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^note$`)).OnElements("aside")
	p.AllowAttrs("data-kind").Matching(regexp.MustCompile(`^[a-z]{1,10}$`)).OnElements("aside")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(checked|disabled|)$`)).OnElements("input")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowDataURIImages()
	return p
}

type htmlWriter struct {
	b strings.Builder
}

func (w *htmlWriter) blocks(bs []Block) {
	for i := 0; i < len(bs); {
		b := bs[i]
		if isList(b.Type) {
			// A run of items of one kind is one list.
			j := i
			for j < len(bs) && listKind(bs[j].Type) == listKind(b.Type) {
				j++
			}
			w.list(bs[i:j])
			i = j
			continue
		}
		w.block(b)
		w.blocks(b.Children)
		i++
	}
}

// listKind groups item types into HTML lists.
func listKind(t string) string {
	switch t {
	case NumberedItem:
		return "ol"
	case CheckItem:
		return "check"
	case BulletItem, ToggleItem:
		return "ul"
	}
	return ""
}

func (w *htmlWriter) list(items []Block) {
	switch listKind(items[0].Type) {
	case "ol":
		w.b.WriteString("<ol>\n")
	case "check":
		w.b.WriteString("<ul class=\"checklist\">\n")
	default:
		w.b.WriteString("<ul>\n")
	}
	for _, it := range items {
		w.b.WriteString("<li>")
		if it.Type == CheckItem {
			if it.Checked {
				w.b.WriteString("<input type=\"checkbox\" checked disabled> ")
			} else {
				w.b.WriteString("<input type=\"checkbox\" disabled> ")
			}
		}
		w.inline(it.Content)
		if len(it.Children) > 0 {
			w.b.WriteString("\n")
			w.blocks(it.Children)
		}
		w.b.WriteString("</li>\n")
	}
	if listKind(items[0].Type) == "ol" {
		w.b.WriteString("</ol>\n")
	} else {
		w.b.WriteString("</ul>\n")
	}
}

func (w *htmlWriter) block(b Block) {
	switch b.Type {
	case Heading:
		tag := "h" + strconv.Itoa(min(max(b.Level, 1), MaxHeadingLevel))
		w.b.WriteString("<" + tag + ">")
		w.inline(b.Content)
		w.b.WriteString("</" + tag + ">\n")
	case CodeBlock:
		w.b.WriteString("<pre><code")
		if l := codeLanguage(b.Language); l != "" {
			w.b.WriteString(` class="language-` + html.EscapeString(strings.ToLower(l)) + `"`)
		}
		w.b.WriteString(">" + html.EscapeString(Text(b.Content)) + "</code></pre>\n")
	case Quote:
		w.b.WriteString("<blockquote><p>")
		w.inline(b.Content)
		w.b.WriteString("</p></blockquote>\n")
	case Callout:
		k := CalloutKind(b.Kind)
		w.b.WriteString(`<aside role="note" class="callout callout-` + k + `" data-kind="` + k + `"><p>`)
		w.inline(b.Content)
		w.b.WriteString("</p></aside>\n")
	case Table:
		w.table(b.Rows)
	case Divider:
		w.b.WriteString("<hr>\n")
	case Image:
		w.b.WriteString("<figure>")
		if p, ok := picture(b.URL); ok {
			w.b.WriteString(`<img src="` + p.dataURL() + `" alt="` + html.EscapeString(mediaLabelNoURL(b)) + `">`)
		} else {
			w.link(b.URL, "["+mediaLabel(b)+"]")
		}
		if b.Caption != "" {
			w.b.WriteString("<figcaption>" + html.EscapeString(b.Caption) + "</figcaption>")
		}
		w.b.WriteString("</figure>\n")
	case File, Video, Audio:
		w.b.WriteString("<p>")
		w.link(b.URL, mediaLabel(b))
		w.b.WriteString("</p>\n")
	default:
		w.b.WriteString("<p>")
		w.inline(b.Content)
		w.b.WriteString("</p>\n")
	}
}

// link writes a link to u, or only its text if u is not safe.
func (w *htmlWriter) link(u, text string) {
	if safe, ok := SafeURL(u); ok {
		w.b.WriteString(`<a href="` + html.EscapeString(safe) + `">` + html.EscapeString(text) + "</a>")
		return
	}
	w.b.WriteString(html.EscapeString(text))
}

func (w *htmlWriter) table(rows []Row) {
	n := Columns(rows)
	if n == 0 {
		return
	}
	w.b.WriteString("<table>\n")
	for _, r := range rows {
		w.b.WriteString("<tr>")
		for c := 0; c < n; c++ {
			cell := Cell{}
			if c < len(r.Cells) {
				cell = r.Cells[c]
			}
			tag := "td"
			if cell.Header {
				tag = "th"
			}
			w.b.WriteString("<" + tag + ">")
			w.inline(cell.Content)
			w.b.WriteString("</" + tag + ">")
		}
		w.b.WriteString("</tr>\n")
	}
	w.b.WriteString("</table>\n")
}

// inline writes runs; consecutive runs with one link share one <a>.
func (w *htmlWriter) inline(runs []Inline) {
	runs = Normalize(runs)
	for i := 0; i < len(runs); {
		href, ok := SafeURL(runs[i].Href)
		if !ok || runs[i].Href == "" {
			w.run(runs[i])
			i++
			continue
		}
		w.b.WriteString(`<a href="` + html.EscapeString(href) + `">`)
		for i < len(runs) && runs[i].Href == href {
			w.run(runs[i])
			i++
		}
		w.b.WriteString("</a>")
	}
}

func (w *htmlWriter) run(r Inline) {
	var open, closing []string
	add := func(on bool, tag string) {
		if on {
			open = append(open, "<"+tag+">")
			closing = append([]string{"</" + tag + ">"}, closing...)
		}
	}
	add(r.Bold, "strong")
	add(r.Italic, "em")
	add(r.Underline, "u")
	add(r.Strike, "s")
	add(r.Code, "code")
	w.b.WriteString(strings.Join(open, ""))
	w.b.WriteString(strings.ReplaceAll(html.EscapeString(r.Text), "\n", "<br>"))
	w.b.WriteString(strings.Join(closing, ""))
}
