// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"net/http/httptest"
	"testing"
)

func TestConsentLanguage(t *testing.T) {
	for _, tt := range []struct{ locale, accept, want string }{
		{"de", "fr-FR,fr;q=0.9", "de"},
		{"", "fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"", "es-ES, de;q=0.5", "de"},
		{"", "", "en"},
		{"xx", "ja", "en"},
	} {
		r := httptest.NewRequest("GET", "/oauth/consent", nil)
		r.Header.Set("Accept-Language", tt.accept)
		if got := consentLanguage(r, tt.locale); got != tt.want {
			t.Errorf("consentLanguage(%q, %q) = %q; want %q", tt.locale, tt.accept, got, tt.want)
		}
	}
	for lang, words := range consentText {
		if len(words) != len(consentText["en"]) {
			t.Errorf("%s has %d texts; en has %d", lang, len(words), len(consentText["en"]))
		}
	}
}

func TestFormActionSource(t *testing.T) {
	for in, want := range map[string]string{
		"https://wiki.mairie.fr/oidc/callback?x=1": "https://wiki.mairie.fr",
		"http://127.0.0.1:8080/cb":                 "http://127.0.0.1:8080",
		"fr.gouv.app:/callback":                    "fr.gouv.app:",
		"":                                         "",
	} {
		if got := formActionSource(in); got != want {
			t.Errorf("formActionSource(%q) = %q; want %q", in, got, want)
		}
	}
}
