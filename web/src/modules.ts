// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// How the shell presents the modules the server reports: the server gives
// English names; the ids we know get a translated name, a description and
// an icon, and unknown ids keep the server's name.
import type { ShellModule } from "./api/shell";
import type { MessageKey } from "./i18n/languages";
import { IconApps, IconChat, IconDoc, IconFolder, IconTable, IconUsers, IconVideo } from "./icons";

/** knownModules lists the module ids the shell can translate, in display order. */
export const knownModules = ["docs", "drive", "chat", "visio", "calc", "workspaces"] as const;

/** KnownModuleId is the id of a module the shell has texts for. */
export type KnownModuleId = (typeof knownModules)[number];

/** isKnownModule tells whether id is one of knownModules. */
export function isKnownModule(id: string): id is KnownModuleId {
  return (knownModules as readonly string[]).includes(id);
}

const icons = {
  docs: IconDoc,
  drive: IconFolder,
  chat: IconChat,
  visio: IconVideo,
  calc: IconTable,
  workspaces: IconUsers,
} satisfies Record<KnownModuleId, unknown>;

type Translate = (key: MessageKey) => string;

/** ModuleView is a module ready for display. */
export interface ModuleView {
  id: string;
  path: string;
  name: string;
  description: string;
  Icon: typeof IconApps;
}

/** presentModule gives a module its translated name, description and icon. */
export function presentModule(m: ShellModule, t: Translate): ModuleView {
  if (isKnownModule(m.id)) {
    return {
      id: m.id,
      path: m.path,
      name: t(`module.${m.id}.name`),
      description: t(`module.${m.id}.description`),
      Icon: icons[m.id],
    };
  }
  return { id: m.id, path: m.path, name: m.name, description: t("module.other.description"), Icon: IconApps };
}
