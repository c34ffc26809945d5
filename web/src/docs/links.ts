// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

/**
 * internalPath returns the path (with query and fragment) of href when it
 * points into this installation (same origin, or a path starting with "/"),
 * so that links between documents open in the page; null for any other link.
 */
export function internalPath(href: string, origin: string): string | null {
  let u: URL;
  try {
    u = new URL(href, origin);
  } catch {
    return null;
  }
  if (u.origin !== origin || (u.protocol !== "http:" && u.protocol !== "https:")) return null;
  return u.pathname + u.search + u.hash;
}
