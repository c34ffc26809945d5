// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package apidoc

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

type base struct {
	ID string `json:"id"`
}

type thing struct {
	base
	Title    string    `json:"title"`
	Parent   *string   `json:"parent_id"`
	Tags     []string  `json:"tags,omitempty"`
	When     time.Time `json:"created_at"`
	Children []thing   `json:"children,omitempty"`
	Next     *thing    `json:"next,omitempty"`
	secret   string
	Hidden   string `json:"-"`
}

func TestDocument(t *testing.T) {
	ops := []Op{
		{Method: "GET", Path: "/api/v1/things/{id}", Summary: "Get a thing", Tag: "Things", Response: thing{}},
		{Method: "POST", Path: "/api/v1/things", Summary: "Make a thing", Body: Object{"title": ""}, Status: 201, Response: Object{"thing": thing{}}},
		{Method: "GET", Path: "/api/v1/things", Summary: "List things", Query: []Param{{Name: "q"}}, Response: Object{"things": []thing{}}},
		{Method: "POST", Path: "/api/v1/things/import", Summary: "Import", Upload: &Upload{File: "file", Fields: []string{"parent_id"}}, Status: 201, Response: thing{}},
		{Method: "GET", Path: "/api/v1/things/{id}/export", Summary: "Export", ContentType: "text/markdown"},
		{Method: "GET", Path: "/api/v1/open", Summary: "Open", Public: true, Response: Object{"ok": true}},
	}
	raw, err := Document("Test", "1", ops)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	get := doc.Paths["/api/v1/things/{id}"]["get"]
	if get["operationId"] != "getThingsByid" || get["summary"] != "Get a thing" {
		t.Errorf("get operation = %v", get)
	}
	params, _ := json.Marshal(get["parameters"])
	if !strings.Contains(string(params), `"in":"path"`) || !strings.Contains(string(params), `"name":"id"`) {
		t.Errorf("path parameter missing: %s", params)
	}
	resp, _ := json.Marshal(get["responses"])
	if !strings.Contains(string(resp), `"$ref":"#/components/schemas/ApidocThing"`) || !strings.Contains(string(resp), `#/components/schemas/Error`) {
		t.Errorf("responses = %s", resp)
	}
	if _, ok := doc.Paths["/api/v1/things"]["post"]["responses"].(map[string]any)["201"]; !ok {
		t.Errorf("POST /api/v1/things should answer 201")
	}
	open, _ := json.Marshal(doc.Paths["/api/v1/open"]["get"]["security"])
	if string(open) != "[{}]" {
		t.Errorf("public operation security = %s; want [{}]", open)
	}
	upload, _ := json.Marshal(doc.Paths["/api/v1/things/import"]["post"]["requestBody"])
	if !strings.Contains(string(upload), "multipart/form-data") || !strings.Contains(string(upload), `"required":["file"]`) {
		t.Errorf("upload body = %s", upload)
	}

	th := doc.Components.Schemas["ApidocThing"]
	props := th["properties"].(map[string]any)
	for _, name := range []string{"id", "title", "parent_id", "tags", "created_at", "children", "next"} {
		if props[name] == nil {
			t.Errorf("schema lacks %q: %v", name, props)
		}
	}
	for _, name := range []string{"secret", "Hidden", "base"} {
		if props[name] != nil {
			t.Errorf("schema shows %q", name)
		}
	}
	if got := props["parent_id"].(map[string]any)["type"]; !reflect.DeepEqual(got, []any{"string", "null"}) {
		t.Errorf("a pointer is nullable; got type %v", got)
	}
	if got := props["created_at"].(map[string]any)["format"]; got != "date-time" {
		t.Errorf("time format = %v", got)
	}
	req, _ := json.Marshal(th["required"])
	if string(req) != `["created_at","id","parent_id","title"]` {
		t.Errorf("required = %s; omitempty members are optional", req)
	}
}

func TestDocumentRefusesDuplicates(t *testing.T) {
	op := Op{Method: "GET", Path: "/api/v1/x", Summary: "x"}
	if _, err := Document("T", "1", []Op{op, op}); err == nil {
		t.Error("the same route described twice was accepted")
	}
}

func TestHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler([]byte(`{"openapi":"3.1.0"}`)).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || rec.Body.String() != `{"openapi":"3.1.0"}` {
		t.Errorf("handler answered %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}
