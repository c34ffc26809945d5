// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package assets

import (
	"net/http"
	"strconv"
)

// servePlaceholder answers in place of index.html when the UI was not
// built: the binary works (the API answers) but has no pages to show. The
// page is self-contained (an inline style, which our CSP allows; no script)
// and says the same thing in English, French and German.
func servePlaceholder(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(placeholderPage)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(placeholderPage))
	}
}

// PlaceholderMarker is a string that only the placeholder page contains,
// for tests (here and in the server's) that need to tell it from the UI.
const PlaceholderMarker = `data-ensemble-placeholder`

const placeholderPage = `<!doctype html>
<html lang="en" ` + PlaceholderMarker + `>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Ensemble – the web interface is not built</title>
<style>
  :root { color-scheme: light dark; --fg: #161616; --muted: #4d535b; --bg: #f5f7fc; --card: #fff; --line: #dde1ea; --accent: #2845c4; --code: #eef2ff; }
  @media (prefers-color-scheme: dark) { :root { --fg: #d4d7de; --muted: #a9aeb8; --bg: #1f222a; --card: #2a2e37; --line: #363b45; --accent: #8fa6f7; --code: #25304f; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; color: var(--fg); background: var(--bg); }
  header { border-top: 4px solid var(--accent); background: var(--card); border-bottom: 1px solid var(--line); padding: 1rem 1.5rem; font-weight: 800; font-size: 1.25rem; }
  main { max-width: 46rem; margin: 2.5rem auto; padding: 0 1.5rem; display: grid; gap: 1.25rem; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.5rem 1.75rem; }
  h1, h2 { margin: 0 0 .5rem; line-height: 1.25; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  p { margin: .5rem 0; }
  .muted { color: var(--muted); }
  code { font: .95em ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--code); padding: .1em .35em; border-radius: 4px; }
</style>
</head>
<body>
<header>Ensemble</header>
<main>
<section lang="en">
<h1>The web interface is not built</h1>
<p>This Ensemble binary was built without its user interface, so there is nothing to show here yet. The server itself is running.</p>
<p>To build the interface into the binary, run <code>make build</code> (or <code>make run</code> to build and start) from the source tree; it needs Node.js and npm.</p>
<p class="muted">By hand: <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then build the Go binary again; the interface is embedded from <code>web/dist</code>.</p>
</section>
<section lang="fr">
<h2>L'interface web n'est pas construite</h2>
<p>Ce binaire Ensemble a été compilé sans son interface : il n'y a encore rien à afficher ici. Le serveur, lui, fonctionne.</p>
<p>Pour intégrer l'interface au binaire, lancez <code>make build</code> (ou <code>make run</code> pour construire et démarrer) depuis les sources ; Node.js et npm sont nécessaires.</p>
</section>
<section lang="de">
<h2>Die Weboberfläche ist nicht gebaut</h2>
<p>Dieses Ensemble-Programm wurde ohne seine Benutzeroberfläche gebaut, daher gibt es hier noch nichts anzuzeigen. Der Server selbst läuft.</p>
<p>Um die Oberfläche in das Programm einzubauen, führen Sie im Quellverzeichnis <code>make build</code> aus (oder <code>make run</code> zum Bauen und Starten); dafür werden Node.js und npm benötigt.</p>
</section>
</main>
</body>
</html>
`
