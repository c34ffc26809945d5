// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A very small client router over the History API: the shell has few
// routes, and modules will bring their own. Links to paths the router knows
// are handled in the page; every other link is a normal navigation.
import { forwardRef, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

const changeEvent = "ensemble:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(changeEvent, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(changeEvent, onChange);
  };
}

/** usePath returns the current location's path and re-renders when it changes. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** useSearch returns the current location's query string ("?a=b" or "") and re-renders when it changes. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** navigate moves to path within the page, like following a link; replace keeps the history entry count. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(changeEvent));
  window.scrollTo(0, 0);
}

/** isPlainLeftClick is true for clicks that should stay in the page (no new tab, no modifier). */
export function isPlainLeftClick(e: Pick<MouseEvent, "button" | "metaKey" | "altKey" | "ctrlKey" | "shiftKey" | "defaultPrevented">): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey;
}

/** LinkProps are an anchor's props with a required same-origin href. */
export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** Link is an <a> whose plain clicks navigate within the page. */
export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link({ href, onClick, target, ...rest }, ref) {
  return (
    <a
      ref={ref}
      href={href}
      target={target}
      onClick={(e) => {
        onClick?.(e);
        if (!isPlainLeftClick(e) || (target && target !== "_self")) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
});
