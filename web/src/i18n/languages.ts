// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The languages of the interface, how the first one is chosen, and how a
// text is looked up. Nothing here touches React, so it is easy to test.
import { de } from "./de";
import { en, type MessageKey, type Messages } from "./en";
import { fr } from "./fr";

/** The languages the interface is translated into, in the order the switch lists them. */
export const languages = ["fr", "en", "de"] as const;

/** Language is one of the interface languages, as a BCP 47 primary subtag. */
export type Language = (typeof languages)[number];

/** The language used when neither the user nor the browser asks for one we have. */
export const fallbackLanguage: Language = "en";

/** Each language's name, written in that language (as language pickers should). */
export const languageNames: Record<Language, string> = {
  fr: "Français",
  en: "English",
  de: "Deutsch",
};

/** Every dictionary, by language. */
export const dictionaries: Record<Language, Messages> = { fr, en, de };

/** The localStorage key that remembers the user's choice. */
export const languageStorageKey = "ensemble.language";

/** isLanguage tells whether value names one of our languages exactly. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/**
 * detectLanguage picks the interface language: the remembered choice if it
 * is still valid, else the first of the browser's preferred languages we
 * have ("fr-BE" counts as "fr"), else the fallback.
 */
export function detectLanguage(stored: string | null | undefined, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return fallbackLanguage;
}

/** Values that fill the {placeholders} of a message. */
export type Params = Readonly<Record<string, string | number>>;

/**
 * translate returns the message for key in lang with its {placeholders}
 * replaced. An unknown placeholder is left as it is, so that a mistake shows
 * on screen instead of vanishing.
 */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const message = dictionaries[lang][key];
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

/** readStoredLanguage returns the remembered language, or null where storage is unavailable. */
export function readStoredLanguage(storage: Pick<Storage, "getItem"> | undefined): string | null {
  try {
    return storage?.getItem(languageStorageKey) ?? null;
  } catch {
    return null; // Storage may be disabled by policy; the browser's languages still work.
  }
}

/** storeLanguage remembers the choice; failures (private mode, policy) are ignored. */
export function storeLanguage(storage: Pick<Storage, "setItem"> | undefined, lang: Language): void {
  try {
    storage?.setItem(languageStorageKey, lang);
  } catch {
    // The choice then lasts until the page is reloaded, which is acceptable.
  }
}

export type { MessageKey, Messages };
