// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"net/url"
	"strings"
)

// Redact returns a NATS URL, or a comma-separated list of them, fit for
// messages: passwords become "xxxxx", and so does a user name given
// without a password, which NATS takes as a token. A URL that does not
// parse is replaced whole.
func Redact(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		parts[i] = redactOne(strings.TrimSpace(p))
	}
	return strings.Join(parts, ",")
}

func redactOne(raw string) string {
	s := raw
	if !strings.Contains(s, "://") { // "host:port" is a NATS URL too
		if !strings.Contains(s, "@") {
			return raw
		}
		s = "nats://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		return u.Redacted()
	}
	u.User = url.User("xxxxx")
	return u.String()
}
