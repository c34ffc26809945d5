// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// undescribed lists the packages whose /api/v1 routes the description does
// not cover yet: their tables are being written. A package leaves the list
// when its table lands in apiOps (the test says so once it may); a route of
// any other package must be described.
var undescribed = map[string]string{
	"internal/dav": "WebDAV is not under /api/v1, but may register API routes",
}

// unmounted maps the packages that describe their routes but that the
// server does not mount yet to a router holding their routes, against
// which their table is checked. Once the server mounts one, the test
// asks for it to move to apiOps.
var unmounted = map[string]func() (*http.ServeMux, []apidoc.Op){}

// pathParamRE finds the {name} and {name...} wildcards of a route.
var pathParamRE = regexp.MustCompile(`\{([A-Za-z0-9_]+)(\.\.\.)?\}`)

// concrete fills a route's wildcards with valid-looking IDs.
func concrete(path string) string {
	return pathParamRE.ReplaceAllStringFunc(path, func(string) string { return ids.New() })
}

// matches tells whether mux routes op's method and path to exactly op's
// pattern, returning the pattern it chose.
func matches(mux *http.ServeMux, op apidoc.Op) (string, bool) {
	req := httptest.NewRequest(op.Method, concrete(op.Path), nil)
	_, pattern := mux.Handler(req)
	return pattern, pattern == op.Method+" "+op.Path
}

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(t.Context(), testConfig(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Every operation of the description is a route the server serves, with
// that very pattern.
func TestOpenAPIOperationsAreRoutes(t *testing.T) {
	s := newTestServer(t)
	ops := s.apiOps()
	if len(ops) < 40 {
		t.Fatalf("only %d operations described", len(ops))
	}
	for _, op := range ops {
		if pattern, ok := matches(s.mux, op); !ok {
			t.Errorf("described %s %s, but the server routes it to %q", op.Method, op.Path, pattern)
		}
	}
}

// A package that describes its routes but is not mounted by the server
// yet has a table that matches its own Mount.
func TestOpenAPIUnmountedTables(t *testing.T) {
	for pkg, mount := range unmounted {
		mux, ops := mount()
		if len(ops) == 0 {
			t.Errorf("%s describes nothing", pkg)
		}
		for _, op := range ops {
			if pattern, ok := matches(mux, op); !ok {
				t.Errorf("%s describes %s %s, but its Mount routes it to %q", pkg, op.Method, op.Path, pattern)
			}
		}
	}
}

// route is a "METHOD /api/v1/…" pattern registered in the source.
type route struct {
	pattern, pkg, at string
}

// apiRouteRE is a route of the API; apiPathRE finds API paths registered
// without a method.
var (
	apiRouteRE = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/api/v1/\S*)$`)
	apiPathRE  = regexp.MustCompile(`^(\S+ )?/api/v1(/|$)`)
)

// sourceRoutes finds the string patterns under /api/v1 passed to Handle
// and HandleFunc in the non-test Go files under internal/.
func sourceRoutes(t *testing.T) []route {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var out []route
	fset := token.NewFileSet()
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
				return true
			}
			if pattern, ok := stringConstant(call.Args[0]); ok && apiPathRE.MatchString(pattern) {
				out = append(out, route{pattern: pattern, pkg: filepath.ToSlash(rel), at: fset.Position(call.Pos()).String()})
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stringConstant evaluates a string literal or a concatenation of them.
func stringConstant(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return stringConstant(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := stringConstant(e.X)
		y, ok2 := stringConstant(e.Y)
		return x + y, ok1 && ok2
	}
	return "", false
}

// allowed finds the entry of list that holds pkg (itself or a parent).
func allowed[V any](list map[string]V, pkg string) (string, bool) {
	for p := range list {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return p, true
		}
	}
	return "", false
}

// Every /api/v1 route registered in the source is described, but for the
// packages listed above.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := newTestServer(t)
	described := map[string]bool{}
	for _, op := range s.apiOps() {
		described[op.Method+" "+op.Path] = true
	}
	routes := sourceRoutes(t)
	if len(routes) < 40 {
		t.Fatalf("found only %d routes in the source; is the scan broken?", len(routes))
	}
	pending := map[string]int{} // undescribed routes by listed package
	for _, r := range routes {
		m := apiRouteRE.FindStringSubmatch(r.pattern)
		if m == nil {
			if _, ok := allowed(undescribed, r.pkg); !ok {
				t.Errorf("%s: %q: register API routes with a method, so that they can be described", r.at, r.pattern)
			}
			continue
		}
		if described[r.pattern] {
			continue
		}
		if p, ok := allowed(unmounted, r.pkg); ok {
			op := apidoc.Op{Method: m[1], Path: m[2]}
			if _, served := matches(s.mux, op); served {
				t.Errorf("%s: the server mounts %s now: add it to apiOps (internal/server/openapi.go) and remove it from unmounted", r.at, p)
			}
			continue
		}
		if p, ok := allowed(undescribed, r.pkg); ok {
			pending[p]++
			continue
		}
		t.Errorf("%s: route %q is not in the OpenAPI description: add it to its package's API table", r.at, r.pattern)
	}
	for p, why := range undescribed {
		if pending[p] == 0 && slices.ContainsFunc(routes, func(r route) bool { return r.pkg == p && apiRouteRE.MatchString(r.pattern) }) {
			t.Errorf("every API route of %s is described now (%s): remove it from undescribed", p, why)
		}
	}
}

// The description served at /api/v1/openapi.json, without credentials, is
// well-formed OpenAPI 3.1: references resolve, path parameters are
// declared, operation IDs are unique…
func TestOpenAPIDocumentIsValid(t *testing.T) {
	s := newTestServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json without credentials = %d %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	raw := rec.Body.Bytes()
	for _, problem := range checkOpenAPI(raw) {
		t.Error(problem)
	}

	// An independent validator, where the machine has one.
	validator, err := exec.LookPath("openapi-spec-validator")
	if err != nil {
		t.Log("openapi-spec-validator not installed: structural checks only")
		return
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.CommandContext(t.Context(), validator, file).CombinedOutput(); err != nil {
		t.Errorf("openapi-spec-validator: %v\n%s", err, out)
	}
}

// The structural checks catch what they are meant to catch.
func TestCheckOpenAPIFindsProblems(t *testing.T) {
	bad := `{"openapi":"3.1.0","info":{"title":"T","version":"1"},
	"paths":{
	  "/api/v1/a/{id}":{"get":{"operationId":"x","summary":"s","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Nope"}}}}}}},
	  "/api/v1/a/{key}":{"delete":{"operationId":"x","summary":"s","parameters":[{"name":"key","in":"path","required":true}],"requestBody":{},"responses":{"default":{"description":"e"}}}}
	},
	"components":{"schemas":{"Bad name":{"type":"object","required":["gone"],"properties":{}}}},
	"security":[{"cookie":[]}]}`
	want := []string{
		`does not resolve`, `path parameter "id" not declared`, `operationId "x" used twice`,
		`same as /api/v1/a/{id}`, `no success response`, `request body on DELETE`,
		`schema name "Bad name"`, `requires "gone"`, `security scheme "cookie"`,
	}
	got := strings.Join(checkOpenAPI([]byte(bad)), "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("problem %q not found in:\n%s", w, got)
		}
	}
	if p := checkOpenAPI([]byte(`{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{}}`)); len(p) != 0 {
		t.Errorf("an empty but valid description has problems: %v", p)
	}
}
