// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { describeScopes } from "./consents";
import { dictionaries, languages } from "./i18n/languages";

describe("describeScopes", () => {
  it("puts the known scopes in words, in the consent screen's order, once each", () => {
    expect(describeScopes(["email", "openid", "groups", "profile", "email", "offline_access"])).toEqual([
      { key: "account.apps.scope.openid" },
      { key: "account.apps.scope.profile" },
      { key: "account.apps.scope.email" },
      { key: "account.apps.scope.groups" },
      { key: "account.apps.scope.offlineAccess" },
    ]);
  });

  it("keeps an unknown scope as it is, after the known ones", () => {
    expect(describeScopes(["calendar.read", "openid", ""])).toEqual([{ key: "account.apps.scope.openid" }, { raw: "calendar.read" }]);
  });

  it("accepts no scopes", () => {
    expect(describeScopes(null)).toEqual([]);
    expect(describeScopes([])).toEqual([]);
  });

  it("has the words in every language", () => {
    for (const lang of languages) {
      for (const s of describeScopes(["openid", "profile", "email", "groups", "offline_access"])) {
        if ("key" in s) expect(dictionaries[lang][s.key], `${lang} ${s.key}`).toBeTruthy();
      }
    }
  });
});
