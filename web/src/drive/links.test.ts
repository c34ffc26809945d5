// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { linkURL, shareContentURL } from "./links";

describe("share link addresses", () => {
  it("builds the public page and the download paths", () => {
    expect(linkURL("ab-c_d", "https://ens.example")).toBe("https://ens.example/s/ab-c_d");
    expect(shareContentURL("tok")).toBe("/api/v1/share/tok/content");
    expect(shareContentURL("tok", "f 1")).toBe("/api/v1/share/tok/items/f%201/content");
  });
});
