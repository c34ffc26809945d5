// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { describeAgent, describeError, formatDateTime, rateLimitMessage } from "./format";
import { translate } from "./i18n/languages";

const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate("en", k, p);

describe("describeError", () => {
  it("explains each kind of failure", () => {
    expect(describeError({ kind: "network", message: "x" }, t)).toMatch(/cannot be reached/);
    expect(describeError({ kind: "invalid", message: "x" }, t)).toMatch(/does not understand/);
    expect(describeError({ kind: "http", status: 409, message: "Taken." }, t)).toBe("The server answered: “Taken.” (error 409).");
    expect(describeError({ kind: "http", status: 502 }, t)).toMatch(/error 502/);
  });
});

describe("rateLimitMessage", () => {
  it("speaks in seconds, then in minutes", () => {
    expect(rateLimitMessage(31, t)).toBe("Too many failed attempts. Wait 31 seconds, then try again.");
    expect(rateLimitMessage(600, t)).toBe("Too many failed attempts. Wait 10 minutes, then try again.");
    expect(rateLimitMessage(undefined, t)).toMatch(/30 seconds/);
  });
});

describe("describeAgent", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", { browser: "Chrome", os: "Linux" }],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", { browser: "Firefox", os: "Windows" }],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", { browser: "Edge", os: "Windows" }],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", { browser: "Safari", os: "macOS" }],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", { browser: "Safari", os: "iOS" }],
    ["curl/8.5.0", { browser: "curl", os: "?" }],
    ["", null],
    ["SomethingElse/1.0", null],
  ])("%s", (ua, want) => expect(describeAgent(ua)).toEqual(want));
});

describe("formatDateTime", () => {
  it("formats in the language and says nothing for a missing time", () => {
    expect(formatDateTime("2026-11-23T09:05:00Z", "fr", "UTC")).toBe("23 nov. 2026, 09:05");
    expect(formatDateTime("2026-11-23T09:05:00Z", "de", "UTC")).toBe("23.11.2026, 09:05");
    expect(formatDateTime(null, "en")).toBe("");
    expect(formatDateTime("soon", "en")).toBe("");
  });
});
