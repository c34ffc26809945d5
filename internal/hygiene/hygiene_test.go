// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package hygiene_test enforces the repository's conventions on every Go
// file: a package doc comment per package, a doc comment on every exported
// name, the SPDX header, and files that stay under 1,000 lines.
package hygiene_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's top folder, two levels up from this package.
const root = "../.."

func goFiles(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			pkgs[filepath.Dir(path)] = append(pkgs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func TestConventions(t *testing.T) {
	fset := token.NewFileSet()
	for dir, files := range goFiles(t) {
		hasDoc := map[string]bool{} // by package name: foo and foo_test are separate
		for _, path := range files {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "// SPDX-License-Identifier: EUPL-1.2\n") {
				t.Errorf("%s: lacks the SPDX header", path)
			}
			if n := strings.Count(string(src), "\n"); n > 1000 {
				t.Errorf("%s: %d lines; split it by responsibility", path, n)
			}
			f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := hasDoc[f.Name.Name]; !ok {
				hasDoc[f.Name.Name] = false
			}
			if f.Doc != nil {
				hasDoc[f.Name.Name] = true
			}
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			for _, name := range undocumented(f) {
				t.Errorf("%s: exported %s has no doc comment", path, name)
			}
		}
		for pkg, ok := range hasDoc {
			if !ok && pkg != "main" && !strings.HasSuffix(pkg, "_test") {
				t.Errorf("%s: package %s has no package doc comment", dir, pkg)
			}
		}
	}
}

// undocumented lists the exported top-level names of f without a doc
// comment (a documented const or var group covers its members).
func undocumented(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && d.Doc == nil && (d.Recv == nil || exportedRecv(d.Recv)) {
				if d.Recv != nil && (d.Name.Name == "Error" || d.Name.Name == "String") {
					continue // the interface's own doc says it all
				}
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
						out = append(out, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && d.Doc == nil && s.Doc == nil && s.Comment == nil {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

func exportedRecv(fl *ast.FieldList) bool {
	t := fl.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}
