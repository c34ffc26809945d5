// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// parameters are the query parameters ParseURL accepts.
var parameters = []string{"endpoint", "region", "tls", "path_style"}

// parseURL does the work of ParseURL. Its errors say what is wrong; the
// caller adds the accepted syntax. It never repeats the URL itself, which
// may hold a secret by mistake.
func parseURL(raw string) (Config, error) {
	if strings.TrimSpace(raw) == "" {
		return Config{}, errors.New("empty URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Config{}, fmt.Errorf("not a URL: %v", err)
	}
	switch {
	case u.Scheme == "":
		return Config{}, errors.New("missing scheme s3://")
	case u.Scheme != "s3":
		return Config{}, fmt.Errorf("scheme %q is not s3", u.Scheme)
	case u.Opaque != "":
		return Config{}, errors.New("missing // after s3:")
	case u.User != nil:
		return Config{}, errors.New("credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	case u.Port() != "" || strings.HasSuffix(u.Host, ":"):
		return Config{}, errors.New("the host part is the bucket and takes no port; give the server as endpoint=HOST:PORT")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return Config{}, errors.New("unexpected #fragment")
	}
	c := Config{Bucket: u.Host}
	if err := checkBucket(c.Bucket); err != nil {
		return Config{}, err
	}
	if p := strings.TrimPrefix(u.Path, "/"); p != "" {
		c.Prefix = strings.TrimSuffix(p, "/") + "/"
		if err := checkPrefix(c.Prefix); err != nil {
			return Config{}, err
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Config{}, fmt.Errorf("bad query: %v", err)
	}
	var tls, pathStyle *bool
	for name, values := range q {
		if !slices.Contains(parameters, name) {
			return Config{}, fmt.Errorf("unknown parameter %q; accepted: %s", name, strings.Join(parameters, ", "))
		}
		if len(values) != 1 {
			return Config{}, fmt.Errorf("parameter %s given %d times; give it once", name, len(values))
		}
		v := values[0]
		if v == "" {
			return Config{}, fmt.Errorf("parameter %s is empty", name)
		}
		switch name {
		case "endpoint":
			if err := checkEndpoint(v); err != nil {
				return Config{}, err
			}
			c.Endpoint = v
		case "region":
			if strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" || len(v) > 64 {
				return Config{}, fmt.Errorf("region %q: want letters, digits, '-' and '_' (such as eu-west-3)", v)
			}
			c.Region = v
		case "tls":
			if tls, err = parseBool(name, v); err != nil {
				return Config{}, err
			}
		case "path_style":
			if pathStyle, err = parseBool(name, v); err != nil {
				return Config{}, err
			}
		}
	}
	if c.Endpoint == "" {
		c.Endpoint = DefaultEndpoint
	}
	c.TLS = !isLoopback(c.Endpoint)
	if tls != nil {
		c.TLS = *tls
	}
	c.PathStyle = !isAmazon(c.Endpoint)
	if pathStyle != nil {
		c.PathStyle = *pathStyle
	}
	return c, nil
}

// parseBool accepts exactly "true" or "false", so that a typo is not
// silently read as one or the other.
func parseBool(name, v string) (*bool, error) {
	var b bool
	switch v {
	case "true":
		b = true
	case "false":
	default:
		return nil, fmt.Errorf("parameter %s=%q: want true or false", name, v)
	}
	return &b, nil
}
