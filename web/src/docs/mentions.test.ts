// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { insertMention, matchPeople, mentionedIDs, mentionQuery } from "./mentions";

const people = [
  { id: "u1", name: "Léa Roux" },
  { id: "u2", name: "Paul Durand" },
  { id: "u3", name: "Ana Lopez" },
];

describe("mentions", () => {
  it("finds the @word the caret ends, at a word start only", () => {
    expect(mentionQuery("Hi @Le", 6)).toEqual({ start: 3, query: "Le" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("line\n@pa", 8)).toEqual({ start: 5, query: "pa" });
    expect(mentionQuery("mail me@example", 15)).toBeNull();
    expect(mentionQuery("Hi @Lea there", 13)).toBeNull();
    expect(mentionQuery("Hi @Le", 2)).toBeNull();
  });

  it("matches names by any word, ignoring case and accents", () => {
    expect(matchPeople(people, "lea").map((p) => p.id)).toEqual(["u1"]);
    expect(matchPeople(people, "DUR").map((p) => p.id)).toEqual(["u2"]);
    expect(matchPeople(people, "").map((p) => p.id)).toEqual(["u1", "u2", "u3"]);
    expect(matchPeople(people, "zz")).toEqual([]);
    expect(matchPeople(people, "", 2)).toHaveLength(2);
  });

  it("inserts @Name in place of the @word and moves the caret after it", () => {
    expect(insertMention("Hi @Le, see", 3, 6, "Léa Roux")).toEqual({ text: "Hi @Léa Roux , see", caret: 13 });
    expect(insertMention("@", 0, 1, "Ana Lopez")).toEqual({ text: "@Ana Lopez ", caret: 11 });
  });

  it("sends the IDs of the chosen people still named in the text, once each", () => {
    expect(mentionedIDs("@Léa Roux and @Paul Durand, @Léa Roux", [people[0]!, people[1]!, people[0]!])).toEqual(["u1", "u2"]);
    expect(mentionedIDs("nobody here", [people[0]!])).toEqual([]);
    expect(mentionedIDs("@Paul Durand", [people[0]!])).toEqual([]);
  });
});
