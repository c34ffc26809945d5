// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { knownModules } from "../modules";
import { detectLanguage, dictionaries, languageStorageKey, languages, readStoredLanguage, storeLanguage, translate, type MessageKey } from "./languages";

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  const reference = Object.keys(dictionaries.en).sort();

  it.each(languages)("%s has exactly the English keys", (lang) => {
    expect(Object.keys(dictionaries[lang]).sort()).toEqual(reference);
  });

  it.each(languages)("%s has no empty message and the same placeholders as English", (lang) => {
    for (const key of reference as MessageKey[]) {
      const message = dictionaries[lang][key];
      expect(message.trim(), `${lang} ${key}`).not.toBe("");
      expect(placeholders(message), `${lang} ${key}`).toEqual(placeholders(dictionaries.en[key]));
    }
  });

  // Words that really are the same in English and the other language.
  const sameWords = {
    fr: new Set(["user.admin", "admin.docTitle", "admin.title", "account.tokens.colActions", "admin.users.colActions", "admin.audit.action", "admin.audit.colAction", "admin.clients.colType", "admin.clients.colActions", "admin.providers.colActions", "admin.providers.scopes", "teams.members.colActions", "invite.docTitle"]),
    de: new Set(["user.adminBadge", "admin.users.roleAdmin", "admin.create.admin", "account.tokens.colName", "admin.users.colStatus", "admin.clients.colActions",
      "admin.tab.teams", "admin.providers.colStatus", "admin.providers.scopes", "admin.teams.colName", "teams.docTitle", "teams.title", "teams.name",
      "teams.role.administrator", "teams.members.colPerson", "teams.invite.emailPlaceholder"]),
  };
  it("French and German are really translated (not copies of English)", () => {
    for (const lang of ["fr", "de"] as const) {
      const same = (Object.keys(dictionaries.en) as MessageKey[]).filter(
        (k) => dictionaries[lang][k] === dictionaries.en[k] && !/^(app\.name|module\.\w+\.name|status\.(ok|version)|footer\.version)$/.test(k) && !sameWords[lang].has(k),
      );
      expect(same, lang).toEqual([]);
    }
  });

  it("has a name and a description for every known module", () => {
    for (const id of knownModules) {
      expect(dictionaries.en).toHaveProperty(`module.${id}.name`);
      expect(dictionaries.en).toHaveProperty(`module.${id}.description`);
    }
  });
});

describe("detectLanguage", () => {
  it.each([
    { stored: null, preferred: ["fr-FR", "en"], want: "fr" },
    { stored: null, preferred: ["de-AT"], want: "de" },
    { stored: null, preferred: ["nl-BE", "fr-BE", "en"], want: "fr" },
    { stored: null, preferred: ["EN_gb"], want: "en" },
    { stored: null, preferred: ["es", "it"], want: "en" },
    { stored: null, preferred: [], want: "en" },
    { stored: "de", preferred: ["fr"], want: "de" },
    { stored: "xx", preferred: ["fr"], want: "fr" },
    { stored: "", preferred: ["de"], want: "de" },
    { stored: "FR", preferred: ["de"], want: "de" },
  ])("stored $stored, browser $preferred → $want", ({ stored, preferred, want }) => {
    expect(detectLanguage(stored, preferred)).toBe(want);
  });
});

describe("translate", () => {
  it("fills placeholders", () => {
    expect(translate("en", "status.version", { version: "1.2.3" })).toBe("Version 1.2.3");
    expect(translate("de", "status.errorHttpBare", { status: 502 })).toMatch(/^Der Server hat mit Fehler 502 geantwortet/);
    expect(translate("fr", "lang.button", { language: "Français" })).toBe("Langue : Français");
  });

  it("leaves unknown placeholders visible", () => {
    expect(translate("en", "status.version", {})).toBe("Version {version}");
  });

  it("does not interpret replacement patterns in values", () => {
    expect(translate("en", "status.version", { version: "$& $1" })).toBe("Version $& $1");
  });
});

describe("language storage", () => {
  it("round-trips through storage", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    storeLanguage(storage, "de");
    expect(map.get(languageStorageKey)).toBe("de");
    expect(readStoredLanguage(storage)).toBe("de");
  });

  it("survives storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(readStoredLanguage(broken)).toBeNull();
    expect(() => storeLanguage(broken, "fr")).not.toThrow();
    expect(readStoredLanguage(undefined)).toBeNull();
  });
});
