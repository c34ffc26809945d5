// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The look of the suite: a sober blue accent, system fonts (no font is
// fetched from anywhere), and colours chosen for WCAG AA contrast in both
// the light and the dark scheme.
import { createTheme, localStorageColorSchemeManager, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

/** The accent, from lightest to darkest. Shade 7 carries white text at 7.7:1. */
const ensembleBlue: MantineColorsTuple = [
  "#eef2ff",
  "#dbe3fe",
  "#b7c6fb",
  "#8fa6f7",
  "#6b88f2",
  "#4d6eec",
  "#3558e0",
  "#2845c4",
  "#1f369c",
  "#162774",
];

/** A slightly blue-tinted dark scheme (text dark-0 on body dark-7 is 11:1). */
const dark: MantineColorsTuple = [
  "#d4d7de",
  "#b6bac4",
  "#9399a5",
  "#6c7280",
  "#454b57",
  "#363b45",
  "#2a2e37",
  "#1f222a",
  "#181b21",
  "#111318",
];

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif';

/** theme is the Mantine theme of the whole suite; modules use it too. */
export const theme = createTheme({
  primaryColor: "ensemble",
  primaryShade: { light: 7, dark: 6 },
  colors: { ensemble: ensembleBlue, dark },
  white: "#ffffff",
  black: "#161616",
  fontFamily: systemFonts,
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: {
    fontFamily: systemFonts,
    fontWeight: "700",
    sizes: {
      h1: { fontSize: "2.5rem", lineHeight: "1.2" },
      h2: { fontSize: "1.5rem", lineHeight: "1.3" },
      h3: { fontSize: "1.125rem", lineHeight: "1.4" },
    },
  },
  defaultRadius: "md",
  cursorType: "pointer",
  focusRing: "auto",
  respectReducedMotion: true,
});

/**
 * cssVariablesResolver fixes the few Mantine defaults that miss AA contrast:
 * the dimmed text, links on dark backgrounds and the focus outline.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#5c636b",
    "--mantine-color-anchor": ensembleBlue[7],
    "--ensemble-focus": ensembleBlue[7],
    "--ensemble-surface": "#ffffff",
    "--ensemble-surface-muted": "#f5f7fc",
    "--ensemble-hero": "#eef2ff",
    "--ensemble-border": "#dde1ea",
    "--ensemble-accent-text": ensembleBlue[7],
    "--ensemble-accent-soft": ensembleBlue[0],
    "--ensemble-ok": "#18753c",
    "--ensemble-error": "#c9191e",
  },
  dark: {
    "--mantine-color-dimmed": dark[2],
    "--mantine-color-anchor": ensembleBlue[3],
    "--ensemble-focus": ensembleBlue[3],
    "--ensemble-surface": dark[6],
    "--ensemble-surface-muted": dark[8],
    "--ensemble-hero": "#1a2033",
    "--ensemble-border": dark[5],
    "--ensemble-accent-text": ensembleBlue[3],
    "--ensemble-accent-soft": "#25304f",
    "--ensemble-ok": "#4fd08a",
    "--ensemble-error": "#ff8a8a",
  },
});

/** The localStorage key that remembers the light/dark choice. */
export const colorSchemeStorageKey = "ensemble.color-scheme";

/** colorSchemeManager stores the scheme under our key (and follows other tabs). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: colorSchemeStorageKey });

/**
 * initialColorScheme computes the scheme before React renders, so that the
 * first paint already has the right colours: this replaces Mantine's
 * ColorSchemeScript, an inline script our Content-Security-Policy forbids.
 */
export function initialColorScheme(stored: string | null, prefersDark: boolean): "light" | "dark" {
  if (stored === "light" || stored === "dark") return stored;
  return prefersDark ? "dark" : "light";
}
