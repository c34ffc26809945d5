// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { ApiError } from "../api/client";
import { describeFormError } from "../format";
import { useI18n } from "../i18n/context";
import type { MessageKey } from "../i18n/languages";
import { teamErrorKey, type Role } from "../teams";

export type T = ReturnType<typeof useI18n>["t"];

export const roleKey: Record<Role, MessageKey> = { member: "teams.role.member", administrator: "teams.role.administrator", owner: "teams.role.owner" };

/** teamError explains a refused team call in the interface language. */
export function teamError(error: ApiError, t: T): string {
  const key = teamErrorKey(error);
  return key ? t(key) : describeFormError(error, t);
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useI18n();
  return <span className={`ens-tag ens-role ens-role-${role}`}>{t(roleKey[role])}</span>;
}

/** Notice is a message shown at the top of a team's page. */
export type Notice = { kind: "success" | "error"; text: string };
