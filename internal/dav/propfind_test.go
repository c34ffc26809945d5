// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

// msProp is one property of a multistatus answer.
type msProp struct {
	XMLName xml.Name
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Inner   string `xml:",innerxml"`
	Text    string `xml:",chardata"`
	status  string
}

// multistatus parses a 207 answer into href → property name → property.
func multistatus(t *testing.T, body string) map[string]map[xml.Name]msProp {
	t.Helper()
	var ms struct {
		Responses []struct {
			Href     string `xml:"DAV: href"`
			Propstat []struct {
				Prop struct {
					Props []msProp `xml:",any"`
				} `xml:"DAV: prop"`
				Status string `xml:"DAV: status"`
			} `xml:"DAV: propstat"`
		} `xml:"DAV: response"`
	}
	if err := xml.Unmarshal([]byte(body), &ms); err != nil {
		t.Fatalf("multistatus: %v\n%s", err, body)
	}
	out := map[string]map[xml.Name]msProp{}
	for _, r := range ms.Responses {
		if out[r.Href] != nil {
			t.Errorf("%s listed twice", r.Href)
		}
		out[r.Href] = map[xml.Name]msProp{}
		for _, ps := range r.Propstat {
			for _, p := range ps.Prop.Props {
				if _, dup := out[r.Href][p.XMLName]; dup {
					t.Errorf("%s: %v answered twice", r.Href, p.XMLName)
				}
				p.status = ps.Status
				out[r.Href][p.XMLName] = p
			}
		}
	}
	return out
}

func davName(local string) xml.Name { return xml.Name{Space: "DAV:", Local: local} }

// TestPropfindAnswers checks what PROPFIND answers: live properties of
// files and folders, dead properties in any namespace with xml:lang and
// markup, 404 for unknown ones, propname, and refusals of bad bodies.
func TestPropfindAnswers(t *testing.T) {
	e := sqliteEnv(t)
	e.me(t, "MKCOL", "/dav/d%20x/", "")
	put, _ := e.me(t, "PUT", "/dav/d%20x/a&b.txt", "hello")
	if put.StatusCode != http.StatusCreated {
		t.Fatalf("PUT = %d", put.StatusCode)
	}
	etag := put.Header.Get("ETag")
	patch := `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/z"><D:set><D:prop>` +
		`<Z:color>red</Z:color><Z:title xml:lang="fr">Bonjour &amp; <Z:b>gras</Z:b></Z:title><nons xmlns="">plain</nons><D:dead>x</D:dead>` +
		`</D:prop></D:set></D:propertyupdate>`
	if resp, body := e.me(t, "PROPPATCH", "/dav/d%20x/a&b.txt", patch); resp.StatusCode != 207 || !strings.Contains(body, "200 OK") {
		t.Fatalf("PROPPATCH = %d\n%s", resp.StatusCode, body)
	}

	resp, body := e.me(t, "PROPFIND", "/dav/d%20x/", "", "Depth", "1")
	if resp.StatusCode != 207 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		t.Fatalf("PROPFIND = %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	ms := multistatus(t, body)
	if len(ms) != 2 {
		t.Fatalf("%d responses, want 2:\n%s", len(ms), body)
	}
	dir, file := ms["/dav/d%20x/"], ms["/dav/d%20x/a&b.txt"]
	if dir == nil || file == nil {
		t.Fatalf("hrefs: %v", body)
	}
	z := func(local string) xml.Name { return xml.Name{Space: "http://example.com/z", Local: local} }
	for name, want := range map[xml.Name]string{
		davName("displayname"): "d x", davName("getlastmodified"): "", davName("resourcetype"): "", davName("supportedlock"): "",
		davName("lockdiscovery"): "", davName("quota-used-bytes"): "5", davName("quota-available-bytes"): "",
	} {
		p, ok := dir[name]
		if !ok || p.status != "HTTP/1.1 200 OK" || want != "" && p.Text != want {
			t.Errorf("folder %v = %+v, want 200 %q", name, p, want)
		}
	}
	if !strings.Contains(dir[davName("resourcetype")].Inner, "collection") {
		t.Errorf("folder resourcetype = %q", dir[davName("resourcetype")].Inner)
	}
	for _, name := range []xml.Name{davName("getetag"), davName("getcontentlength"), davName("getcontenttype")} {
		if _, ok := dir[name]; ok {
			t.Errorf("folder has %v", name)
		}
	}
	for name, want := range map[xml.Name]string{
		davName("displayname"): "a&b.txt", davName("getcontentlength"): "5", davName("getcontenttype"): "text/plain; charset=utf-8",
		davName("getetag"): etag, davName("resourcetype"): "", z("color"): "red", {Local: "nons"}: "plain", davName("dead"): "x",
	} {
		if p, ok := file[name]; !ok || p.status != "HTTP/1.1 200 OK" || p.Text != want {
			t.Errorf("file %v = %+v, want 200 %q", name, p, want)
		}
	}
	if title := file[z("title")]; title.Lang != "fr" || !strings.Contains(title.Text, "Bonjour & ") || !strings.Contains(title.Inner, "gras</") {
		t.Errorf("title = %+v", title)
	}
	if _, ok := file[davName("quota-used-bytes")]; ok {
		t.Error("a file has quota properties")
	}

	named := `<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/z"><D:prop>` +
		`<D:getcontentlength/><Z:missing/><Z:color/><D:getetag/></D:prop></D:propfind>`
	for path, want := range map[string]map[xml.Name]string{
		"/dav/d%20x/a&b.txt": {davName("getcontentlength"): "200 OK", z("missing"): "404 Not Found", z("color"): "200 OK", davName("getetag"): "200 OK"},
		"/dav/d%20x/":        {davName("getcontentlength"): "404 Not Found", z("missing"): "404 Not Found", z("color"): "404 Not Found", davName("getetag"): "404 Not Found"},
	} {
		resp, body := e.me(t, "PROPFIND", path, named, "Depth", "0")
		ms := multistatus(t, body)
		if resp.StatusCode != 207 || len(ms) != 1 || len(ms[path]) != len(want) {
			t.Fatalf("named PROPFIND %s = %d\n%s", path, resp.StatusCode, body)
		}
		for name, status := range want {
			if got := ms[path][name]; got.status != "HTTP/1.1 "+status || got.Text != "" && status != "200 OK" {
				t.Errorf("%s %v = %+v, want %s", path, name, got, status)
			}
		}
	}

	resp, body = e.me(t, "PROPFIND", "/dav/d%20x/a&b.txt", `<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>`, "Depth", "0")
	names := multistatus(t, body)["/dav/d%20x/a&b.txt"]
	if resp.StatusCode != 207 || len(names) < 9 || names[z("color")].Text != "" || names[z("color")].status != "HTTP/1.1 200 OK" || names[davName("getetag")].status == "" {
		t.Errorf("propname = %d\n%s", resp.StatusCode, body)
	}

	for name, bad := range map[string]string{
		"nothing asked":    `<D:propfind xmlns:D="DAV:"/>`,
		"empty prop":       `<D:propfind xmlns:D="DAV:"><D:prop/></D:propfind>`,
		"allprop and prop": `<D:propfind xmlns:D="DAV:"><D:allprop/><D:prop><D:getetag/></D:prop></D:propfind>`,
		"prop and name":    `<D:propfind xmlns:D="DAV:"><D:propname/><D:prop><D:getetag/></D:prop></D:propfind>`,
		"include alone":    `<D:propfind xmlns:D="DAV:"><D:include><D:getetag/></D:include></D:propfind>`,
		"another root":     `<D:propertyupdate xmlns:D="DAV:"/>`,
		"only spaces":      "  \n",
		"not well formed":  `<D:propfind xmlns:D="DAV:"><D:prop><D:getetag></D:prop></D:propfind>`,
		"a prop with text": `<D:propfind xmlns:D="DAV:"><D:prop><D:getetag>x</D:getetag></D:prop></D:propfind>`,
	} {
		if resp, body := e.me(t, "PROPFIND", "/dav/d%20x/", bad, "Depth", "0"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400\n%s", name, resp.StatusCode, body)
		}
	}
	if resp, _ := e.me(t, "PROPFIND", "/dav/nothing/", "", "Depth", "1"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("PROPFIND of nothing = %d, want 404", resp.StatusCode)
	}
}
