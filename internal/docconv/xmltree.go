// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Limits of one XML part.
const (
	maxXMLDepth = 256
	maxXMLNodes = 1_000_000
)

// xnode is an element of a parsed XML part; text is kept as children with
// an empty name.
type xnode struct {
	space, name string // namespace URI and local name
	attrs       []xml.Attr
	kids        []*xnode
	text        string
}

// attr returns the value of the attribute with local name local (any
// namespace), or "".
func (n *xnode) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// child returns the first child element named local, or nil.
func (n *xnode) child(local string) *xnode {
	for _, k := range n.kids {
		if k.name == local {
			return k
		}
	}
	return nil
}

// find returns the first descendant named local, depth first, or nil.
func (n *xnode) find(local string) *xnode {
	for _, k := range n.kids {
		if k.name == local {
			return k
		}
		if f := k.find(local); f != nil {
			return f
		}
	}
	return nil
}

// parseXML parses one part of an office file. encoding/xml expands no
// external entities and no DTD; depth and size are bounded here.
func parseXML(data []byte, part string) (*xnode, error) {
	bad := func() error {
		return errs.Explain(errs.Invalid, "The file's part %s is not well-formed XML.", part)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := &xnode{}
	stack := []*xnode{root}
	nodes := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bad()
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > maxXMLNodes {
				return nil, errs.Explain(errs.TooLarge, "The file's part %s has more than %d elements.", part, maxXMLNodes)
			}
			if len(stack) > maxXMLDepth {
				return nil, errs.Explain(errs.Invalid, "The file's part %s nests more than %d deep.", part, maxXMLDepth)
			}
			n := &xnode{space: t.Name.Space, name: t.Name.Local, attrs: t.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 1 {
				return nil, bad()
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.kids = append(top.kids, &xnode{text: string(t)})
		case xml.Directive:
			if strings.Contains(strings.ToUpper(string(t)), "ENTITY") {
				return nil, errs.Explain(errs.Invalid, "The file's part %s declares XML entities, which are refused.", part)
			}
		}
	}
	if len(stack) != 1 || len(root.kids) == 0 {
		return nil, bad()
	}
	for _, k := range root.kids {
		if k.name != "" {
			return k, nil
		}
	}
	return nil, bad()
}
