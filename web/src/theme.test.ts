// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { initialColorScheme } from "./theme";

describe("initialColorScheme", () => {
  it("prefers the remembered choice", () => {
    expect(initialColorScheme("dark", false)).toBe("dark");
    expect(initialColorScheme("light", true)).toBe("light");
  });
  it("follows the system otherwise", () => {
    expect(initialColorScheme(null, true)).toBe("dark");
    expect(initialColorScheme("auto", false)).toBe("light");
    expect(initialColorScheme("garbage", true)).toBe("dark");
  });
});
