// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { translate, type MessageKey } from "../i18n/languages";
import { errorDetail, isUnreachable } from "./ServerStatus";

const t = (key: MessageKey, params?: Record<string, string | number>) => translate("en", key, params);

describe("server errors", () => {
  it.each([
    [{ kind: "network", message: "Failed to fetch" } as const, true, /did not answer/],
    [{ kind: "http", status: 502 } as const, true, /did not answer/],
    [{ kind: "http", status: 500 } as const, true, /did not answer/], // vite dev's proxy with no server
    [{ kind: "http", status: 503, code: "unavailable", message: "Maintenance." } as const, false, /answered: “Maintenance\.” \(error 503\)/],
    [{ kind: "http", status: 404 } as const, false, /answered with error 404/],
    [{ kind: "invalid", message: "x" } as const, false, /does not understand/],
  ])("%o", (error, unreachable, detail) => {
    expect(isUnreachable(error)).toBe(unreachable);
    expect(errorDetail(error, t)).toMatch(detail);
  });
});
