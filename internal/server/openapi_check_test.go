// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// schemaNameRE is what OpenAPI allows as a component's name.
var schemaNameRE = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// openAPIMethods are the operations a path item may hold.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// checkOpenAPI returns what is wrong with an OpenAPI 3.1 description, by
// the rules of the specification that a generator can break: references
// that resolve, path parameters declared once and required, unique
// operation IDs, no two paths that differ only by parameter names, a
// success response for each operation, valid component names, required
// members that exist, and known security schemes.
func checkOpenAPI(raw []byte) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if doc["openapi"] != "3.1.0" {
		fail("openapi is %v, want 3.1.0", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if s, _ := info["title"].(string); s == "" {
		fail("info.title is missing")
	}
	if s, _ := info["version"].(string); s == "" {
		fail("info.version is missing")
	}

	// Every $ref is a JSON pointer into the document that finds something.
	walk(doc, func(node map[string]any) {
		if ref, ok := node["$ref"].(string); ok && resolve(doc, ref) == nil {
			fail("$ref %q does not resolve", ref)
		}
	})

	components, _ := doc["components"].(map[string]any)
	schemes, _ := components["securitySchemes"].(map[string]any)
	checkSecurity := func(where string, v any) {
		list, _ := v.([]any)
		for _, req := range list {
			for name := range req.(map[string]any) {
				if schemes[name] == nil {
					fail("%s: security scheme %q is not defined", where, name)
				}
			}
		}
	}
	checkSecurity("document", doc["security"])

	schemas, _ := components["schemas"].(map[string]any)
	for _, name := range sortedKeys(schemas) {
		if !schemaNameRE.MatchString(name) {
			fail("schema name %q is not allowed", name)
		}
	}
	walk(components, func(node map[string]any) {
		req, _ := node["required"].([]any)
		props, _ := node["properties"].(map[string]any)
		for _, r := range req {
			if name, _ := r.(string); props[name] == nil {
				fail("a schema requires %q, which it does not define", r)
			}
		}
	})

	paths, _ := doc["paths"].(map[string]any)
	ids := map[string]string{}
	shapes := map[string]string{}
	for _, path := range sortedKeys(paths) {
		shape := pathParamRE.ReplaceAllString(path, "{}")
		if other, ok := shapes[shape]; ok {
			fail("path %s is the same as %s but for parameter names", path, other)
		}
		shapes[shape] = path
		var inPath []string
		for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
			inPath = append(inPath, m[1])
		}
		item, _ := paths[path].(map[string]any)
		for _, method := range sortedKeys(item) {
			where := strings.ToUpper(method) + " " + path
			if !slices.Contains(openAPIMethods, method) {
				fail("%s: %q is not an operation", where, method)
				continue
			}
			op, _ := item[method].(map[string]any)
			id, _ := op["operationId"].(string)
			if other, ok := ids[id]; ok || id == "" {
				fail("%s: operationId %q used twice (also by %s) or empty", where, id, other)
			}
			ids[id] = where
			if s, _ := op["summary"].(string); s == "" {
				fail("%s: no summary", where)
			}
			checkSecurity(where, op["security"])
			declared := map[string]int{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p, _ := p.(map[string]any)
				name, _ := p["name"].(string)
				switch p["in"] {
				case "path":
					declared[name]++
					if p["required"] != true {
						fail("%s: path parameter %q must be required", where, name)
					}
					if !slices.Contains(inPath, name) {
						fail("%s: path parameter %q is not in the path", where, name)
					}
				case "query", "header", "cookie":
					declared[p["in"].(string)+" "+name]++
				default:
					fail("%s: parameter %q is in %v", where, name, p["in"])
				}
			}
			for key, n := range declared {
				if n > 1 {
					fail("%s: parameter %q declared %d times", where, key, n)
				}
			}
			for _, name := range inPath {
				if declared[name] == 0 {
					fail("%s: path parameter %q not declared", where, name)
				}
			}
			if op["requestBody"] != nil && (method == "get" || method == "delete" || method == "head") {
				fail("%s: request body on %s", where, strings.ToUpper(method))
			}
			responses, _ := op["responses"].(map[string]any)
			if !slices.ContainsFunc(sortedKeys(responses), func(code string) bool { return len(code) == 3 && code[0] == '2' }) {
				fail("%s: no success response", where)
			}
			for code, r := range responses {
				if r, _ := r.(map[string]any); r["description"] == nil {
					fail("%s: response %s has no description", where, code)
				}
			}
		}
	}
	return problems
}

// walk calls f on every object in v, depth first.
func walk(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, k := range sortedKeys(v) {
			walk(v[k], f)
		}
	case []any:
		for _, e := range v {
			walk(e, f)
		}
	}
}

// resolve follows a local JSON pointer ("#/components/schemas/X"), nil if
// it leads nowhere.
func resolve(doc map[string]any, ref string) any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
