// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package apidoc builds the OpenAPI 3.1 description of Ensemble's /api/v1
// routes from tables of operations that each domain keeps beside its
// routes (an API() method next to Mount). Request and response bodies are
// given as Go values: their JSON Schema is derived from the types by
// reflection, so the description follows the code it describes. A test in
// internal/server checks the description against the real routes.
package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Op is one operation of the API.
type Op struct {
	// Method and Path as registered, e.g. "GET" and "/api/v1/docs/{id}".
	Method, Path string
	// Summary is one line saying what the operation does.
	Summary string
	// Tag groups operations in the description (the domain: "Docs"…).
	Tag string
	// Public marks operations that need no credentials.
	Public bool
	// Query lists the query-string parameters.
	Query []Param
	// Body is an example value of the JSON request body (its type is what
	// counts), nil for none. Upload names a multipart body instead.
	Body   any
	Upload *Upload
	// Status is the success status (200 when zero); Response an example
	// value of its JSON body, nil for an empty one. ContentType names a
	// response that is not JSON (a file download).
	Status      int
	Response    any
	ContentType string
}

// Param is a query-string parameter.
type Param struct {
	Name, Description string
	Required          bool
}

// Upload describes a multipart/form-data request body.
type Upload struct {
	// File is the field holding the file; Fields the other text fields.
	File   string
	Fields []string
}

// Object is a JSON object whose members are example values, for the
// envelopes the handlers answer ({"docs": [...]}).
type Object map[string]any

// Document returns the OpenAPI 3.1 description of ops as JSON.
func Document(title, version string, ops []Op) ([]byte, error) {
	g := newGenerator()
	paths := map[string]map[string]any{}
	seen := map[string]bool{}
	for _, op := range ops {
		key := op.Method + " " + op.Path
		if seen[key] {
			return nil, fmt.Errorf("apidoc: %s described twice", key)
		}
		seen[key] = true
		item := paths[op.Path]
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		item[strings.ToLower(op.Method)] = g.operation(op)
	}
	g.schemas["Error"] = map[string]any{
		"type": "object", "required": []string{"error"},
		"properties": map[string]any{"error": map[string]any{
			"type": "object", "required": []string{"code", "message"},
			"properties": map[string]any{
				"code":       map[string]any{"type": "string", "description": "A stable machine-readable code."},
				"message":    map[string]any{"type": "string", "description": "What went wrong, for people."},
				"request_id": map[string]any{"type": "string"},
			},
		}},
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title": title, "version": version,
			"description": "The REST API of Ensemble. Every route answers JSON; errors share one shape (#/components/schemas/Error).",
			"license":     map[string]any{"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
		},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "ensemble_session",
					"description": "The web app's session cookie (named __Host-ensemble_session under https)."},
				"bearer": map[string]any{"type": "http", "scheme": "bearer",
					"description": "A personal access token (ens_pat_…) or an OAuth access token from Ensemble's OpenID provider."},
			},
		},
		"security": []any{map[string]any{"session": []string{}}, map[string]any{"bearer": []string{}}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// pathParam finds the {name} segments of a path.
var pathParam = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

func (g *generator) operation(op Op) map[string]any {
	o := map[string]any{
		"summary":     op.Summary,
		"operationId": operationID(op),
	}
	if op.Tag != "" {
		o["tags"] = []string{op.Tag}
	}
	if op.Public {
		o["security"] = []any{map[string]any{}}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range op.Query {
		p := map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": map[string]any{"type": "string"}}
		if q.Description != "" {
			p["description"] = q.Description
		}
		params = append(params, p)
	}
	if params != nil {
		o["parameters"] = params
	}
	switch {
	case op.Upload != nil:
		props := map[string]any{op.Upload.File: map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}}
		for _, f := range op.Upload.Fields {
			props[f] = map[string]any{"type": "string"}
		}
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{op.Upload.File}, "properties": props}},
		}}
	case op.Body != nil:
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": g.schema(op.Body)},
		}}
	}
	status := op.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	switch {
	case op.ContentType != "":
		ok["content"] = map[string]any{op.ContentType: map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": op.ContentType}}}
	case op.Response != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(op.Response)}}
	}
	errRef := map[string]any{"description": "An error, in the one error shape.",
		"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	o["responses"] = map[string]any{fmt.Sprint(status): ok, "default": errRef}
	return o
}

// operationID makes a stable identifier: the method and the path's words.
func operationID(op Op) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(op.Method))
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(op.Path, "/api/v1"), func(r rune) bool { return r == '/' || r == '-' || r == '_' }) {
		if strings.HasPrefix(part, "{") {
			part = "By" + strings.Trim(part, "{}")
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// Sorted returns ops sorted by path then method, for stable output.
func Sorted(ops []Op) []Op {
	out := slices.Clone(ops)
	slices.SortFunc(out, func(a, b Op) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return out
}

// Handler serves a description made by Document.
func Handler(doc []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(doc)
	})
}
