// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

/**
 * browserStorage returns localStorage, or undefined when the browser refuses
 * it (reading window.localStorage itself throws when storage is disabled).
 */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
