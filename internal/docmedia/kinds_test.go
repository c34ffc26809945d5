// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

import (
	"archive/zip"
	"bytes"
	"testing"
)

func TestClassify(t *testing.T) {
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("content.xml")
	w.Write([]byte("<x/>"))
	zw.Close()
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	for _, c := range []struct {
		head             []byte
		name, typ, named string
	}{
		{gif, "a.gif", "image/gif", "a.gif"},
		{gif, "a.exe", "image/gif", "a.gif"},
		{[]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "a.jpeg", "image/jpeg", "a.jpeg"},
		{[]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "a", "image/jpeg", "a.jpg"},
		{[]byte("%PDF-1.7\n"), "r.pdf", "application/pdf", "r.pdf"},
		{[]byte("%PDF-1.7\n"), "r.html", "application/pdf", "r.html"},
		{z.Bytes(), "r.odt", "application/vnd.oasis.opendocument.text", "r.odt"},
		{z.Bytes(), "r.exe", "application/zip", "r.exe"},
		{[]byte("a,b\n1,2\n"), "t.csv", "text/csv; charset=utf-8", "t.csv"},
		{[]byte("a,b\n1,2\n"), "t.html", "text/plain; charset=utf-8", "t.html"},
		{[]byte("<html><script>x</script>"), "t.html", "text/plain; charset=utf-8", "t.html"},
		{[]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "i.svg", "text/plain; charset=utf-8", "i.svg"},
		{[]byte("\x00\x01\x02\x03binary"), "x.png", "application/octet-stream", "x.png"},
	} {
		typ, named := classify(c.head, c.name)
		if typ != c.typ || named != c.named {
			t.Errorf("classify(%q, %q) = %q, %q; want %q, %q", c.head[:min(len(c.head), 12)], c.name, typ, named, c.typ, c.named)
		}
	}
}

func TestCleanName(t *testing.T) {
	long := string(bytes.Repeat([]byte("é"), 300)) + ".png"
	for in, want := range map[string]string{
		"../../x.png":            "x.png",
		`C:\Users\a\rapport.odt`: "rapport.odt",
		"  .hidden  ":            "hidden",
		"a\x00b\u202ec.txt":      "abc.txt",
		`"quoted"<>.txt`:         "_quoted___.txt",
		"":                       "file",
		"..":                     "file",
		"\xff\xfe.png":           "_.png",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanName(long); len([]rune(got)) != maxName || got[len(got)-4:] != ".png" {
		t.Errorf("long name: %d characters, %q", len([]rune(got)), got[len(got)-8:])
	}
}
