// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import type { ApiResult } from "../api/client";
import { dictionaries, languages } from "../i18n/languages";
import { filterFrom } from "../pages/DocsHome";
import {
  addAccess,
  ancestorsOf,
  listDocs,
  normalizeAccess,
  normalizeDoc,
  normalizeDocList,
  normalizeShareResult,
  ownerCount,
  setFavorite,
  sortAccesses,
  type Access,
  type Doc,
} from "./api";
import { collabURL, connectionState, contrastWithWhite, cursorColors, localStoreName, offlineAfterFailures, peersFrom, userColor, type ConnectionFacts } from "./connection";
import { docsDictionaries, docsEn, docsTranslate, isDocsKey, type DocsKey } from "./i18n";
import { internalPath } from "./links";
import { abilitiesFor, assignableRoles, atLeast, roleRank } from "./roles";

const rawDoc = {
  id: "d1",
  title: "Budget 2027",
  parent_id: null,
  owner_id: "u1",
  created_at: "2026-11-20T10:00:00Z",
  updated_at: "2026-11-21T10:00:00Z",
  role: "editor",
  link_reach: "authenticated",
  link_role: "commenter",
  is_favorite: true,
  has_children: false,
  deleted_at: null,
  abilities: { read: true, comment: true, edit: true, share: false, move: false, trash: false, purge: false, delete: false },
};

describe("normalizeDoc", () => {
  it("reads a complete document as it is", () => {
    const d = normalizeDoc(rawDoc);
    expect(d).toMatchObject({ id: "d1", title: "Budget 2027", role: "editor", link_reach: "authenticated", link_role: "commenter", is_favorite: true });
    expect(d?.abilities).toEqual({ read: true, comment: true, edit: true, share: false, move: false, delete: false });
  });

  it("fills what an older server leaves out, with abilities from the role", () => {
    const d = normalizeDoc({ id: "d2", title: "x", owner_id: "u1", created_at: "2026-11-20T10:00:00Z", role: "owner" });
    expect(d).toMatchObject({ parent_id: null, link_reach: "restricted", link_role: "reader", is_favorite: false, has_children: false, deleted_at: null, updated_at: "2026-11-20T10:00:00Z" });
    expect(d?.abilities).toEqual(abilitiesFor("owner"));
  });

  it("accepts {doc: …} and refuses what is not a document", () => {
    expect(normalizeDoc({ doc: rawDoc })?.id).toBe("d1");
    expect(normalizeDoc(null)).toBeNull();
    expect(normalizeDoc({ title: "no id" })).toBeNull();
    expect(normalizeDoc({ id: "" })).toBeNull();
  });

  it("ignores an unknown role, reach and link role instead of trusting them", () => {
    const d = normalizeDoc({ ...rawDoc, role: "god", link_reach: "everyone", link_role: "owner", abilities: undefined });
    expect(d?.role).toBeNull();
    expect(d?.link_reach).toBe("restricted");
    expect(d?.link_role).toBe("reader");
    expect(d?.abilities.read).toBe(false);
  });

  it("reads lists, skipping bad entries; null docs is an empty list", () => {
    expect(normalizeDocList({ docs: [rawDoc, { nope: 1 }, { ...rawDoc, id: "d3" }] })?.map((d) => d.id)).toEqual(["d1", "d3"]);
    expect(normalizeDocList({ docs: null })).toEqual([]);
    expect(normalizeDocList([rawDoc])?.length).toBe(1);
    expect(normalizeDocList({ other: [] })).toBeNull();
  });
});

describe("accesses", () => {
  const user = (id: string, name: string, role: Access["role"], inherited: string | null = null): Access => ({
    id,
    role,
    user: { id: `u-${id}`, name, email: `${name.toLowerCase()}@x.test` },
    team: null,
    inherited_from: inherited,
  });

  it("reads people, teams and refuses grants to nobody", () => {
    expect(normalizeAccess({ id: "a1", role: "reader", user: { id: "u", name: "Ana", email: "ana@x.test" }, team: null, inherited_from: null })?.user?.name).toBe("Ana");
    expect(normalizeAccess({ id: "a2", role: "editor", user: null, team: { id: "t", name: "DINUM" } })?.team?.name).toBe("DINUM");
    expect(normalizeAccess({ id: "a3", role: "editor", user: null, team: null })).toBeNull();
    expect(normalizeAccess({ id: "a4", role: "boss", user: { id: "u" } })).toBeNull();
  });

  it("reads the answer to sharing: an access, or an invitation to pass on", () => {
    expect(normalizeShareResult({ id: "a1", role: "editor", user: { id: "u", name: "B", email: "b@x.test" } })).toMatchObject({ kind: "access" });
    expect(normalizeShareResult({ invitation: { id: "i1", url: "http://h/invite/s", email: "g@x.test", role: "reader" } })).toEqual({
      kind: "invitation",
      invitation: { id: "i1", url: "http://h/invite/s", email: "g@x.test", role: "reader", sent: false },
    });
    expect(normalizeShareResult({ invitation: { id: "i1", url: "http://h/invite/s", email: "g@x.test", role: "editor", delivered: "sent" } })).toMatchObject({
      invitation: { role: "editor", sent: true },
    });
    expect(normalizeShareResult({ invitation: { id: "i1" } })).toBeNull();
  });

  it("sorts direct grants first, then by role, then by name, and counts direct owners", () => {
    const list = [user("1", "Zoé", "reader"), user("2", "Marc", "owner", "parent"), user("3", "Anne", "editor"), user("4", "Bruno", "owner"), user("5", "Alix", "editor")];
    expect(sortAccesses(list).map((a) => a.user?.name)).toEqual(["Bruno", "Alix", "Anne", "Zoé", "Marc"]);
    expect(ownerCount(list)).toBe(1);
  });
});

describe("roles", () => {
  it("orders roles and refuses unknown ones", () => {
    expect(roleRank("reader")).toBeLessThan(roleRank("commenter"));
    expect(roleRank("administrator")).toBeLessThan(roleRank("owner"));
    expect(roleRank("nobody")).toBe(0);
    expect(atLeast("editor", "commenter")).toBe(true);
    expect(atLeast("commenter", "editor")).toBe(false);
    expect(atLeast(null, "reader")).toBe(false);
  });

  it("gives each role its abilities", () => {
    expect(abilitiesFor("reader")).toEqual({ read: true, comment: false, edit: false, share: false, move: false, delete: false });
    expect(abilitiesFor("commenter")).toMatchObject({ comment: true, edit: false });
    expect(abilitiesFor("editor")).toMatchObject({ edit: true, share: false });
    expect(abilitiesFor("administrator")).toMatchObject({ share: true, move: true, delete: false });
    expect(abilitiesFor("owner").delete).toBe(true);
  });

  it("lets owners give any role and administrators any but owner", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("administrator")).toEqual(["reader", "commenter", "editor", "administrator"]);
    expect(assignableRoles("editor")).toEqual([]);
  });
});

describe("the API calls", () => {
  const recorder = (status: number, body: unknown) => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      calls.push({ url, method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : undefined });
      return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    };
    return { calls, fetch };
  };

  it("lists with the filter and parent in the query, and normalizes the answer", async () => {
    const r = recorder(200, { docs: [rawDoc] });
    const res = await listDocs("shared", { fetch: r.fetch, parentID: "p 1" });
    expect(r.calls[0]).toMatchObject({ method: "GET", url: "/api/v1/docs?filter=shared&parent_id=p+1" });
    expect(res.ok && res.data[0]?.id).toBe("d1");
  });

  it("says invalid for an answer that is not a list", async () => {
    const r = recorder(200, { surprise: true });
    const res = await listDocs("all", { fetch: r.fetch });
    expect(res).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });

  it("shares by email or team with the role in the body", async () => {
    const r = recorder(201, { invitation: { id: "i", url: "http://h/invite/x", email: "g@x.test", role: "editor" } });
    const res = await addAccess("d/1", { email: "g@x.test" }, "editor", { fetch: r.fetch });
    expect(r.calls[0]).toEqual({ method: "POST", url: "/api/v1/docs/d%2F1/accesses", body: { email: "g@x.test", role: "editor" } });
    expect(res.ok && res.data.kind).toBe("invitation");
    await addAccess("d1", { team_id: "t1" }, "reader", { fetch: r.fetch });
    expect(r.calls[1]?.body).toEqual({ team_id: "t1", role: "reader" });
  });

  it("puts and deletes the favourite", async () => {
    const r = recorder(204, undefined);
    await setFavorite("d1", true, { fetch: r.fetch });
    await setFavorite("d1", false, { fetch: r.fetch });
    expect(r.calls.map((c) => `${c.method} ${c.url}`)).toEqual(["PUT /api/v1/docs/d1/favorite", "DELETE /api/v1/docs/d1/favorite"]);
  });

  it("walks up to the ancestors, top first, and stops at a loop or a refusal", async () => {
    const docs: Record<string, Doc> = {};
    const mk = (id: string, parent: string | null) => (docs[id] = normalizeDoc({ ...rawDoc, id, title: id, parent_id: parent })!);
    mk("root", null);
    mk("mid", "root");
    const leaf = mk("leaf", "mid");
    const get = async (id: string): Promise<ApiResult<Doc>> => (docs[id] ? { ok: true, data: docs[id]! } : { ok: false, error: { kind: "http", status: 404 } });
    expect((await ancestorsOf(leaf, get)).map((d) => d.id)).toEqual(["root", "mid"]);
    mk("a", "b");
    const b = mk("b", "a");
    expect((await ancestorsOf(b, get)).map((d) => d.id)).toEqual(["a"]);
    const orphan = mk("orphan", "gone");
    expect(await ancestorsOf(orphan, get)).toEqual([]);
  });
});

describe("connection", () => {
  const facts = (f: Partial<ConnectionFacts>): ConnectionFacts => ({ status: "connecting", synced: false, everConnected: false, online: true, failures: 0, denied: false, ...f });

  it("maps the provider's events to what the page says", () => {
    expect(connectionState(facts({}))).toBe("connecting");
    expect(connectionState(facts({ status: "connected", synced: false, everConnected: true }))).toBe("reconnecting");
    expect(connectionState(facts({ status: "connected", synced: true, everConnected: true }))).toBe("connected");
    expect(connectionState(facts({ status: "disconnected", everConnected: true }))).toBe("reconnecting");
    expect(connectionState(facts({ status: "connecting", failures: offlineAfterFailures }))).toBe("offline");
    expect(connectionState(facts({ status: "connected", synced: true, everConnected: true, online: false }))).toBe("offline");
    expect(connectionState(facts({ status: "connected", synced: true, denied: true }))).toBe("denied");
  });

  it("gives each user one stable colour from the palette", () => {
    expect(userColor("01HZX")).toBe(userColor("01HZX"));
    expect(userColor("a")).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"].map(userColor)).size).toBeGreaterThan(3);
  });

  it("keeps white names readable on every cursor colour (WCAG AA)", () => {
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1);
    expect(contrastWithWhite("#000000")).toBeCloseTo(21);
    for (const c of cursorColors) expect(contrastWithWhite(c), c).toBeGreaterThanOrEqual(4.5);
  });

  it("connects on the page's host, wss on https", () => {
    expect(collabURL({ protocol: "https:", host: "docs.example:8443" })).toBe("wss://docs.example:8443/collab");
    expect(collabURL({ protocol: "http:", host: "127.0.0.1:8080" })).toBe("ws://127.0.0.1:8080/collab");
    expect(localStoreName("u1", "d1")).not.toBe(localStoreName("u2", "d1"));
  });

  it("lists the others once each, without the local client, ignoring bad states", () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { name: "Me", color: "#111111" } }],
      [2, { user: { name: "Zoé", color: "#c2255c" } }],
      [3, { user: { name: "Zoé", color: "#c2255c" } }],
      [4, { user: { name: "Ana", color: "red;background:url(x)" } }],
      [5, {}],
    ]);
    expect(peersFrom(states, 1)).toEqual([
      { clientID: 4, name: "Ana", color: "#495057" },
      { clientID: 2, name: "Zoé", color: "#c2255c" },
    ]);
  });
});

describe("links in documents", () => {
  const origin = "https://ensemble.example";
  it("opens links into this installation in the page, and only those", () => {
    expect(internalPath("https://ensemble.example/docs/d2?x=1#h", origin)).toBe("/docs/d2?x=1#h");
    expect(internalPath("/docs/d3", origin)).toBe("/docs/d3");
    expect(internalPath("https://other.example/docs/d2", origin)).toBeNull();
    expect(internalPath("javascript:alert(1)", origin)).toBeNull();
    expect(internalPath("mailto:a@b.example", origin)).toBeNull();
    expect(internalPath("http://[bad", origin)).toBeNull();
  });
});

describe("the Docs texts", () => {
  const keys = Object.keys(docsEn).sort();
  const placeholders = (m: string) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

  it.each(languages)("%s has exactly the English keys, none empty, with the same placeholders", (lang) => {
    expect(Object.keys(docsDictionaries[lang]).sort()).toEqual(keys);
    for (const k of keys as DocsKey[]) {
      expect(docsDictionaries[lang][k].trim(), `${lang} ${k}`).not.toBe("");
      expect(placeholders(docsDictionaries[lang][k]), `${lang} ${k}`).toEqual(placeholders(docsEn[k]));
    }
  });

  it("French and German are translated, not copied", () => {
    const same = { fr: new Set(["docs.title"]), de: new Set(["docs.role.administrator"]) };
    for (const lang of ["fr", "de"] as const) {
      expect(keys.filter((k) => docsDictionaries[lang][k as DocsKey] === docsEn[k as DocsKey] && !same[lang].has(k)), lang).toEqual([]);
    }
  });

  it("never shadows a shell key, and fills placeholders", () => {
    expect(keys.filter((k) => k in dictionaries.en)).toEqual([]);
    expect(isDocsKey("docs.new")).toBe(true);
    expect(isDocsKey("common.close")).toBe(false);
    expect(docsTranslate("fr", "docs.restored", { title: "Budget" })).toBe("« Budget » a été restauré.");
    expect(docsTranslate("de", "docs.updatedOn", {})).toBe("Bearbeitet am {date}");
  });

  it("reads the list from the address", () => {
    expect(filterFrom("?filter=trash")).toBe("trash");
    expect(filterFrom("?filter=nope")).toBe("all");
    expect(filterFrom("")).toBe("all");
  });
});
