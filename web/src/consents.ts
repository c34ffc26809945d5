// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// What an application the user allowed may see, in words: the OpenID
// Connect scopes the server grants (internal/oidcop), in the order of the
// consent screen.
import type { MessageKey } from "./i18n/languages";

const scopeKeys: Record<string, MessageKey> = {
  openid: "account.apps.scope.openid",
  profile: "account.apps.scope.profile",
  email: "account.apps.scope.email",
  groups: "account.apps.scope.groups",
  offline_access: "account.apps.scope.offlineAccess",
};
const order = Object.keys(scopeKeys);

/**
 * describeScopes turns a consent's scopes into what the person reads: the
 * known ones as message keys, in a fixed order and once each; a scope this
 * interface does not know is kept as it is, after them.
 */
export function describeScopes(scopes: readonly string[] | null | undefined): ({ key: MessageKey } | { raw: string })[] {
  const seen = new Set<string>();
  const unique = (scopes ?? []).filter((s) => s !== "" && !seen.has(s) && seen.add(s));
  const known = order.flatMap((s) => {
    const key = scopeKeys[s];
    return key && seen.has(s) ? [{ key }] : [];
  });
  const unknown = unique.filter((s) => !Object.hasOwn(scopeKeys, s)).map((raw) => ({ raw }));
  return [...known, ...unknown];
}
