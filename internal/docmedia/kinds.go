// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

import (
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// inlineImages are the types shown in place (Content-Disposition: inline),
// with the extension their files get. SVG is never one: it can hold script.
var inlineImages = map[string]string{
	"image/png":  ".png",
	"image/jpeg": ".jpg",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

// Inline reports whether media of this type are shown in place rather than
// downloaded.
func Inline(contentType string) bool {
	_, ok := inlineImages[contentType]
	return ok
}

// sniffedSafe are the other types whose sniffed signature is trusted as is;
// refine lists, for some, the extensions that name a more precise type of
// the same signature (an OpenDocument or Office file is a zip).
var sniffedSafe = map[string]bool{
	"application/pdf": true, "application/zip": true, "application/x-gzip": true,
	"video/mp4": true, "video/webm": true, "video/avi": true,
	"audio/mpeg": true, "audio/wave": true, "audio/aiff": true, "audio/midi": true,
	"audio/basic": true, "application/ogg": true,
}

var refine = map[string]map[string]string{
	"application/zip": {
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
		".odt":  "application/vnd.oasis.opendocument.text",
		".ods":  "application/vnd.oasis.opendocument.spreadsheet",
		".odp":  "application/vnd.oasis.opendocument.presentation",
	},
	"application/ogg": {".ogg": "audio/ogg", ".oga": "audio/ogg", ".ogv": "video/ogg", ".opus": "audio/ogg"},
	"audio/mpeg":      {".mp3": "audio/mpeg"},
	"text/plain; charset=utf-8": {
		".csv": "text/csv; charset=utf-8",
		".md":  "text/markdown; charset=utf-8",
		".txt": "text/plain; charset=utf-8",
	},
}

// classify decides a file's type from its first bytes (http.DetectContentType),
// never from what the client says; the extension only refines a type of
// the same signature. What could run in a browser (HTML, XML, SVG, script)
// becomes text/plain or application/octet-stream. It returns the type and
// the name, whose extension is fixed for images.
func classify(head []byte, name string) (string, string) {
	sniffed := http.DetectContentType(head)
	ext := strings.ToLower(path.Ext(name))
	base, _, _ := mime.ParseMediaType(sniffed)
	if want, ok := inlineImages[base]; ok {
		if ext != want && !(want == ".jpg" && ext == ".jpeg") {
			name = strings.TrimSuffix(name, path.Ext(name)) + want
		}
		return base, name
	}
	if r, ok := refine[sniffed][ext]; ok {
		return r, name
	}
	switch {
	case sniffedSafe[base]:
		return base, name
	case sniffed == "text/plain; charset=utf-8", strings.HasPrefix(base, "text/"):
		// HTML, XML (SVG) and other text: shown as text if ever opened.
		return "text/plain; charset=utf-8", name
	}
	return "application/octet-stream", name
}

// maxName bounds a file name, in characters.
const maxName = 200

// cleanName keeps the last path segment of a client's file name, without
// control or format characters, quotes or leading dots, at most maxName
// characters; "file" when nothing is left.
func cleanName(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
	}
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == ':' || r == '*' || r == '?' || r == '<' || r == '>' || r == '|':
			return '_'
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.Join(strings.Fields(name), " "), ". ")
	if r := []rune(name); len(r) > maxName {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.TrimSpace(string(r[:maxName-len([]rune(ext))])) + ext
	}
	if name == "" {
		name = "file"
	}
	return name
}
