// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { describe, expect, it } from "vitest";
import { translate } from "./i18n/languages";
import { presentModule } from "./modules";

describe("presentModule", () => {
  it("translates known ids", () => {
    const m = presentModule({ id: "chat", name: "Chat", path: "/chat" }, (k) => translate("fr", k));
    expect(m.name).toBe("Messagerie");
    expect(m.description).toBe("Messages et salons, sur Matrix");
    expect(m.path).toBe("/chat");
  });

  it("keeps the server's name for unknown ids", () => {
    const m = presentModule({ id: "forms", name: "Forms", path: "/forms" }, (k) => translate("de", k));
    expect(m.name).toBe("Forms");
    expect(m.description).toBe("Dieses Modul öffnen");
  });
});
