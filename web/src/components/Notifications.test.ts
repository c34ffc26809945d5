// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { languages } from "../i18n/languages";
import { notificationsMessages, notificationText, unreadCount, type Notification } from "./Notifications";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const n = (over: Partial<Notification>): Notification => ({
  id: "n1",
  kind: "mention",
  doc_id: "d1",
  doc_title: "Budget 2027",
  thread_id: "t1",
  actor: { id: "u1", name: "Ana" },
  created_at: "2026-11-23T10:00:00Z",
  read_at: null,
  ...over,
});

describe("notifications", () => {
  it("have texts in every language with the English keys and placeholders", () => {
    const en = notificationsMessages.en;
    for (const lang of languages) {
      const dict = notificationsMessages[lang];
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  });

  it("say who mentioned the user in which document", () => {
    expect(notificationText(n({}), "en")).toBe("Ana mentioned you in «Budget 2027»");
    expect(notificationText(n({}), "fr")).toBe("Ana vous a mentionné dans « Budget 2027 »");
    expect(notificationText(n({ actor: null, doc_title: " " }), "de")).toBe("Jemand hat Sie in „Dokument ohne Titel“ erwähnt");
  });

  it("count the unread ones", () => {
    expect(unreadCount([n({}), n({ id: "n2", read_at: "2026-11-23T11:00:00Z" }), n({ id: "n3" })])).toBe(2);
    expect(unreadCount([])).toBe(0);
  });
});
