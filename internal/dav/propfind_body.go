// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"bytes"
	"encoding/xml"
	"net/http"
)

// propfindRequest is what a PROPFIND body asks for.
type propfindRequest struct {
	allprop, propname bool
	names             []xml.Name // the prop list, or allprop's include list
}

var errPropfindBody = statusError(http.StatusBadRequest, "Invalid PROPFIND body.")

// parsePropfind reads a PROPFIND body with the rules of x/net/webdav: an
// empty body asks for all properties; otherwise a DAV:propfind element
// with allprop (and an optional include), propname, or a non-empty prop
// list of empty elements.
func parsePropfind(body []byte) (propfindRequest, error) {
	var pf propfindRequest
	if len(body) == 0 {
		pf.allprop = true
		return pf, nil
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if err != nil {
			return pf, errPropfindBody
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	if root.Name != (xml.Name{Space: "DAV:", Local: "propfind"}) {
		return pf, errPropfindBody
	}
	var prop, include bool
	for {
		tok, err := dec.Token()
		if err != nil {
			return pf, errPropfindBody
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name {
		case xml.Name{Space: "DAV:", Local: "allprop"}:
			pf.allprop, err = true, dec.Skip()
		case xml.Name{Space: "DAV:", Local: "propname"}:
			pf.propname, err = true, dec.Skip()
		case xml.Name{Space: "DAV:", Local: "prop"}:
			prop = true
			pf.names, err = readNames(dec, pf.names)
		case xml.Name{Space: "DAV:", Local: "include"}:
			include = true
			pf.names, err = readNames(dec, pf.names)
		default:
			err = dec.Skip()
		}
		if err != nil {
			return pf, errPropfindBody
		}
	}
	switch {
	case include && !pf.allprop, pf.allprop && (prop || pf.propname), prop && pf.propname,
		!pf.allprop && !pf.propname && !prop:
		return pf, errPropfindBody
	}
	return pf, nil
}

// readNames appends the names of the empty elements of a prop or include
// element, which must hold at least one (text between them is ignored,
// not inside them).
func readNames(dec *xml.Decoder, names []xml.Name) ([]xml.Name, error) {
	n := 0
	for {
		tok, err := next(dec)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if n == 0 {
				return nil, errPropfindBody
			}
			return names, nil
		case xml.StartElement:
			end, err := next(dec)
			if err != nil {
				return nil, err
			}
			if _, ok := end.(xml.EndElement); !ok {
				return nil, errPropfindBody
			}
			names = append(names, t.Name)
			n++
		}
	}
}

// next returns the next token that is not a comment, a directive or a
// processing instruction (RFC 4918 ignores them).
func next(dec *xml.Decoder) (xml.Token, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok.(type) {
		case xml.Comment, xml.Directive, xml.ProcInst:
			continue
		}
		return tok, nil
	}
}
