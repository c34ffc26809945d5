// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"
)

// TestMediaOverServer: the whole server (authentication, security headers)
// mounts the media routes; the media's sandbox wins over the app's policy.
func TestMediaOverServer(t *testing.T) {
	ts := start(t, nil)
	_, owner := ts.token(t, "media-owner@mairie.fr")
	_, reader := ts.token(t, "media-reader@mairie.fr")
	_, outsider := ts.token(t, "media-outsider@mairie.fr")
	doc := ts.createDoc(t, owner, "Illustré")
	ts.share(t, owner, doc, "media-reader@mairie.fr", "reader")

	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	upload := func(secret string) (int, []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "pixel.gif")
		fw.Write(gif)
		mw.Close()
		r, b := ts.do(t, "POST", "/api/v1/docs/"+doc+"/media", &body,
			map[string]string{"Authorization": "Bearer " + secret, "Content-Type": mw.FormDataContentType()})
		return r.StatusCode, b
	}
	if code, b := upload(reader); code != 403 {
		t.Fatalf("reader uploads: %d %s", code, b)
	}
	code, b := upload(owner)
	var m struct{ URL, ContentType string }
	if code != 201 || json.Unmarshal(b, &m) != nil || !strings.HasPrefix(m.URL, "/api/v1/docs/"+doc+"/media/") {
		t.Fatalf("owner uploads: %d %s", code, b)
	}
	r, got := ts.do(t, "GET", m.URL, nil, map[string]string{"Authorization": "Bearer " + reader})
	if r.StatusCode != 200 || !bytes.Equal(got, gif) || r.Header.Get("Content-Type") != "image/gif" ||
		r.Header.Get("Content-Security-Policy") != "sandbox; default-src 'none'" {
		t.Fatalf("reader downloads: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Security-Policy"))
	}
	for _, secret := range []string{outsider, ""} {
		if code, _ := ts.api(t, secret, "GET", m.URL, ""); code != 404 {
			t.Errorf("outsider or anonymous downloads: %d", code)
		}
	}
}
