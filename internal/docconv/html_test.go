// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"regexp"
	"strings"
	"testing"
)

func TestHTMLKeepsStructure(t *testing.T) {
	out := string(HTML(sample()))
	for _, want := range []string{
		"<title>Rapport annuel</title>", "<h1>Rapport annuel</h1>", "<strong>gras</strong>", "<em>italique</em>",
		"<u>souligné</u>", "<s>barré</s>", "<code>code</code>", `<a href="https://example.org/page">lien</a>`,
		"&lt;balise&gt; &amp; 1.", "<ul>\n<li>Premier point\n<ul>\n<li>Sous-point</li>", "<ol>\n<li>Un</li>\n<li>Deux</li>\n</ol>",
		`<input type="checkbox" checked="" disabled=""> Fait`, `<pre><code class="language-go">func main() {`,
		"<blockquote><p>Une citation<br>sur deux lignes</p></blockquote>", "<th>Nom</th>", "<td><strong>1</strong></td>",
		`<img src="data:image/png;base64,`, "<figcaption>Un pixel</figcaption>", "<hr>",
		`<aside role="note" class="callout callout-warning" data-kind="warning"><p>Attention : <strong>date limite</strong> le 3 mars<br>à midi</p></aside>`,
		`<aside role="note" class="callout callout-danger" data-kind="danger"><p>Danger</p></aside>`, "aside.callout-warning{background:#FFF4E0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q:\n%s", want, out)
		}
	}
}

func TestHTMLRunsNoScript(t *testing.T) {
	hostile := []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "javascript&#58;alert(1)"}
	var bs []Block
	for _, h := range hostile {
		bs = append(bs,
			Block{Type: Paragraph, Content: []Inline{{Text: "<script>alert(1)</script><img src=x onerror=alert(1)>", Href: h}}},
			Block{Type: Image, URL: h, Caption: `"><script>alert(1)</script>`},
			Block{Type: File, URL: h, Name: "f"},
			Block{Type: CodeBlock, Language: `x"><script>`, Content: []Inline{{Text: "</code><script>alert(1)</script>"}}},
		)
	}
	out := strings.ToLower(string(HTML(Doc{Title: "</title><script>alert(1)</script>", Blocks: bs})))
	for _, bad := range []string{"<script", "javascript", "vbscript", "data:text", "<img src=x"} {
		if strings.Contains(strings.ReplaceAll(out, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", ""), bad) {
			t.Errorf("HTML holds %q:\n%s", bad, out)
		}
	}
	if regexp.MustCompile(`<[^>]*\son[a-z]+=`).MatchString(out) {
		t.Errorf("HTML has an event handler:\n%s", out)
	}
}
