// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package httpmw

import (
	"net/http"
	"net/url"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// ContentSecurityPolicy is sent with every response. Scripts come only from
// the binary itself (never inline); styles may be inline because the UI's
// component library sets style attributes; nothing is loaded from another
// host, and only Ensemble itself may frame its pages.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; " +
	"frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"

// SecurityHeaders sets the security headers on every response; HSTS only
// when the public URL is https, since it would lock browsers out of a plain
// http installation.
func SecurityHeaders(https bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()")
		if https {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// CrossOrigin refuses state-changing requests (anything but GET, HEAD and
// OPTIONS) that a browser made from another origin, using the Fetch
// metadata and Origin headers (net/http.CrossOriginProtection), so that no
// CSRF token is needed. Requests from non-browser clients (no such headers)
// pass: they cannot carry a victim's cookies. base is the server's public
// URL, always trusted even behind a proxy that rewrites Host. bypass lists
// ServeMux patterns open to every origin because they use no ambient
// credentials (OAuth token endpoints).
func CrossOrigin(base *url.URL, next http.Handler, bypass ...string) (http.Handler, error) {
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(base.Scheme + "://" + base.Host); err != nil {
		return nil, err
	}
	for _, p := range bypass {
		cop.AddInsecureBypassPattern(p)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, nil, httpx.NewError(http.StatusForbidden, "cross_origin",
			"This request came from another site and was refused."))
	}))
	return cop.Handler(next), nil
}
