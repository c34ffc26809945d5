// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package apidoc

import (
	"encoding/json"
	"path"
	"reflect"
	"sort"
	"strings"
	"time"
)

// generator turns Go values into JSON Schemas, collecting named struct
// types under components/schemas.
type generator struct {
	schemas map[string]any
	names   map[reflect.Type]string
}

func newGenerator() *generator {
	return &generator{schemas: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	marshalType = reflect.TypeFor[json.Marshaler]()
)

// schema returns the JSON Schema of an example value: an Object's members
// are described by their own values, anything else by its type.
func (g *generator) schema(v any) map[string]any {
	if obj, ok := v.(Object); ok {
		props := map[string]any{}
		var req []string
		for k, m := range obj {
			props[k] = g.schema(m)
			req = append(req, k)
		}
		sort.Strings(req)
		return map[string]any{"type": "object", "properties": props, "required": req}
	}
	if list, ok := v.([]any); ok && len(list) == 1 {
		return map[string]any{"type": "array", "items": g.schema(list[0])}
	}
	if v == nil {
		return map[string]any{}
	}
	return g.typeSchema(reflect.TypeOf(v))
}

func (g *generator) typeSchema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.typeSchema(t.Elem())
		if ref, ok := s["$ref"]; ok {
			return map[string]any{"oneOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
		}
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
		return s
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.typeSchema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typeSchema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		return g.named(t)
	}
	// Interfaces and types with their own JSON encoding: any value.
	return map[string]any{}
}

// named registers a named struct type once and refers to it.
func (g *generator) named(t reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = schemaName(t)
		for taken := g.schemas[name] != nil; taken; taken = g.schemas[name] != nil {
			name += "_"
		}
		g.names[t] = name
		g.schemas[name] = map[string]any{} // reserved: recursive types refer to it
		if t.Implements(marshalType) || reflect.PointerTo(t).Implements(marshalType) {
			g.schemas[name] = map[string]any{"description": "Encoded by its own JSON marshaller."}
		} else {
			g.schemas[name] = g.structSchema(t)
		}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// schemaName is the package and type name: docs.Doc becomes DocsDoc.
func schemaName(t reflect.Type) string {
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	return title(path.Base(t.PkgPath())) + title(t.Name())
}

// structSchema describes a struct's JSON members: exported fields by their
// json tags, embedded structs flattened, omitempty members optional.
func (g *generator) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var req []string
	g.fields(t, props, &req)
	sort.Strings(req)
	s := map[string]any{"type": "object", "properties": props}
	if len(req) > 0 {
		s["required"] = req
	}
	return s
}

func (g *generator) fields(t reflect.Type, props map[string]any, req *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.fields(f.Type, props, req)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.typeSchema(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*req = append(*req, name)
		}
	}
}
